package dev.vigil.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.config.Yaml;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two scheduler daemons sharing one Quartz JDBC store on a real PostgreSQL (clustered): a job that
 * fires every 2 seconds, one daemon killed with SIGKILL mid-way; across both daemons' records
 * every fire from the first to the last ran exactly once.
 */
class ScheduleE2ETest {
    @TempDir
    Path dir;

    @Test
    void twoDaemonsShareTheSchedules_oneDies_noFireLostNoneDoubled() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "e2e: needs root (PostgreSQL via runuser)");
        Postgres.start();
        Postgres.psql("postgres", "DROP DATABASE IF EXISTS quartz");
        Postgres.psql("postgres", "CREATE DATABASE quartz");
        Path playbook = dir.resolve("tick.yaml");
        Files.writeString(playbook, "name: tick\nsteps:\n  - uses: exec\n    with: {command: \"true\"}\n");
        StringBuilder yaml = new StringBuilder("schedules:\n  grace: 10m\n  shutdown_grace: 5s\n  store: jdbc\n  jdbc:\n"
                + "    url: jdbc:postgresql://127.0.0.1:" + Postgres.PORT + "/quartz\n    user: postgres\n  jobs:\n");
        for (String d : List.of("daily-incremental-backup", "weekly-full-backup", "daily-routine", "alarm-scan", "blackbox-collection")) {
            yaml.append("    ").append(d).append(": {enabled: false}\n");
        }
        yaml.append("    tick: {cron: \"*/2 * * * * ?\", playbook: ").append(playbook).append("}\n");
        Path config = dir.resolve("vigil.yaml");
        Files.writeString(config, yaml.toString());

        Process a = daemon(config, dir.resolve("a"));
        Process b = daemon(config, dir.resolve("b"));
        try {
            Thread.sleep(11_000);
            a.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no clean stop, no check-out
            Thread.sleep(20_000); // the survivor notices (check-in 1 s + Quartz's 7.5 s) and catches up
        } finally {
            a.destroyForcibly();
            b.destroy(); // SIGTERM: a clean stop
            assertThat(b.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        Map<Instant, List<String>> byFire = new TreeMap<>();
        for (String who : List.of("a", "b")) {
            Path runs = dir.resolve(who).resolve("schedule/runs.jsonl");
            if (!Files.exists(runs)) {
                continue;
            }
            for (String line : Files.readAllLines(runs, StandardCharsets.UTF_8)) {
                JsonNode r = Yaml.jsonMapper().readTree(line);
                byFire.computeIfAbsent(Instant.parse(r.get("scheduled").asText()), k -> new ArrayList<>())
                        .add(who + ":" + r.get("trigger").asText() + ":" + r.get("outcome").asText());
            }
        }
        List<Instant> fires = new ArrayList<>(byFire.keySet());
        String logs = "\n--- a\n" + Files.readString(dir.resolve("a/daemon.log")) + "\n--- b\n" + Files.readString(dir.resolve("b/daemon.log"));
        assertThat(fires.size()).as("fires recorded: %s%s", byFire, logs).isGreaterThanOrEqualTo(12);
        // none doubled
        assertThat(byFire.values()).as("%s", byFire).allMatch(v -> v.size() == 1);
        // none lost: every 2 seconds from the first to the last
        for (int i = 1; i < fires.size(); i++) {
            assertThat(fires.get(i).getEpochSecond() - fires.get(i - 1).getEpochSecond()).as("gap after %s in %s", fires.get(i - 1), byFire)
                    .isEqualTo(2);
        }
        assertThat(byFire.values()).allMatch(v -> v.get(0).endsWith(":PASS"));
        // both daemons ran fires, and the survivor ran the ones after the kill
        assertThat(byFire.values().stream().map(v -> v.get(0).substring(0, 1)).distinct()).contains("b");
        Instant last = fires.get(fires.size() - 1);
        assertThat(byFire.get(last).get(0)).startsWith("b:");
    }

    private Process daemon(Path config, Path state) throws Exception {
        Files.createDirectories(state);
        ProcessBuilder pb = new ProcessBuilder(VigilRun.launcher().toString(), "-c", config.toString(), "--state-dir", state.toString(),
                "--progress", "none", "daemon").redirectErrorStream(true).redirectOutput(state.resolve("daemon.log").toFile());
        pb.environment().put("VIGIL_JAVA_OPTS", "-Dvigil.schedule.checkin=1000");
        return pb.start();
    }
}
