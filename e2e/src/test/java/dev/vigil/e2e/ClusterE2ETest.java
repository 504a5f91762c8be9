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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Past one controller: three daemons on one Quartz JDBC cluster (real PostgreSQL), one job
 * partitioned per rack of the 20-node fleet (4 racks). Every fire checks every rack once and none
 * twice, the racks are spread over the daemons, and a daemon killed (SIGKILL) in the middle of a
 * rack's check has that rack's fire run again by another daemon. Results and alarms land in the one
 * shared state directory.
 */
class ClusterE2ETest {
    @TempDir
    Path dir;

    @Test
    void threeDaemons_partitionsPerRack_eachOncePerFire_aKilledDaemonsRackIsRunByAnother() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "e2e: needs root (PostgreSQL via runuser, the fleet)");
        Fleet fleet = Fleet.get();
        Postgres.start();
        Postgres.psql("postgres", "DROP DATABASE IF EXISTS quartz_cluster");
        Postgres.psql("postgres", "CREATE DATABASE quartz_cluster");
        String inv = Files.readString(fleet.inventoryYaml());
        for (int i = 1; i <= Fleet.SIZE; i++) {
            inv = inv.replace("{name: node-" + i + ", ", "{name: node-" + i + ", labels: {rack: r" + ((i - 1) / 5 + 1) + "}, ");
        }
        Path inventory = dir.resolve("inventory.yaml");
        Files.writeString(inventory, inv);
        Path playbook = dir.resolve("rack-check.yaml");
        Files.writeString(playbook, """
                name: rack-check
                targets: all
                steps:
                  - id: check
                    uses: healthcheck
                    with: {checks: [disk-space, memory], alarms: true}
                  - id: hold
                    uses: exec
                    with: {command: "sleep 5"}
                """);
        StringBuilder yaml = new StringBuilder("healthcheck:\n  thresholds: {memory: {warn: 1, crit: 99}}\n"
                + "schedules:\n  grace: 10m\n  shutdown_grace: 5s\n  store: jdbc\n  jdbc:\n"
                + "    url: jdbc:postgresql://127.0.0.1:" + Postgres.PORT + "/quartz_cluster\n    user: postgres\n  jobs:\n");
        for (String d : List.of("daily-incremental-backup", "weekly-full-backup", "daily-routine", "alarm-scan", "blackbox-collection")) {
            yaml.append("    ").append(d).append(": {enabled: false}\n");
        }
        yaml.append("    rack-check: {cron: \"*/20 * * * * ?\", playbook: ").append(playbook).append(", partition_by: rack}\n");
        Path shared = dir.resolve("state");
        Files.createDirectories(shared);

        // three controllers: the same schedules, each its own instance id (as each would have its own vigil.yaml)
        List<String> who = List.of("daemon-a", "daemon-b", "daemon-c");
        Map<String, Process> daemons = new LinkedHashMap<>();
        for (String id : who) {
            Path config = dir.resolve(id + ".yaml");
            Files.writeString(config, yaml.toString().replace("    user: postgres\n", "    user: postgres\n    instance_id: " + id + "\n"));
            daemons.put(id, daemon(config, inventory, shared, fleet, dir.resolve(id + ".log")));
        }
        String killed = null;
        String killedJob = null;
        try {
            // after the first fire has ended on every rack, kill a daemon in the middle of a rack's check of the next fire
            Instant deadline = Instant.now().plusSeconds(80);
            Path runsFile = shared.resolve("schedule/runs.jsonl");
            while (killed == null && Instant.now().isBefore(deadline)) {
                Thread.sleep(250);
                if (!Files.exists(runsFile) || Files.readAllLines(runsFile).size() < 4) {
                    continue;
                }
                String executing = Postgres.psql("quartz_cluster",
                        "SELECT instance_name || ' ' || job_name FROM qrtz_fired_triggers WHERE state = 'EXECUTING' ORDER BY fired_time LIMIT 1");
                if (executing.isBlank()) {
                    continue;
                }
                String[] iw = executing.split(" ", 2);
                Thread.sleep(1500); // inside the rack's check
                daemons.get(iw[0]).destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no check-out, the fire half done
                killed = iw[0];
                killedJob = iw[1];
            }
            assertThat(killed).as("a daemon was running a rack to kill%s", logs()).isNotNull();
            Thread.sleep(35_000); // recovery (check-in 1 s + Quartz's 7.5 s), the re-run, and one more fire
        } finally {
            for (Process p : daemons.values()) {
                p.destroy();
            }
            for (Process p : daemons.values()) {
                p.waitFor(30, TimeUnit.SECONDS);
                p.destroyForcibly();
            }
        }
        List<JsonNode> runs = new ArrayList<>();
        for (String line : Files.readAllLines(shared.resolve("schedule/runs.jsonl"), StandardCharsets.UTF_8)) {
            runs.add(Yaml.jsonMapper().readTree(line));
        }
        // per fire time: which racks ran, by which daemon, how
        Map<Instant, Map<String, List<String>>> byFire = new TreeMap<>();
        Set<String> daemonIds = new HashSet<>();
        for (JsonNode r : runs) {
            byFire.computeIfAbsent(Instant.parse(r.get("scheduled").asText()), k -> new TreeMap<>())
                    .computeIfAbsent(r.get("job").asText(), k -> new ArrayList<>())
                    .add(r.get("daemon").asText() + " " + r.get("trigger").asText() + " " + r.get("outcome").asText());
            daemonIds.add(r.get("daemon").asText());
        }
        String seen = byFire + logs();
        List<Instant> fires = new ArrayList<>(byFire.keySet());
        assertThat(fires.size()).as(seen).isGreaterThanOrEqualTo(3);
        Set<String> racks = Set.of("rack-check@rack=r1", "rack-check@rack=r2", "rack-check@rack=r3", "rack-check@rack=r4");
        // every fire but the last (which may still have been running at the stop) checked every rack exactly once
        for (Instant f : fires.subList(0, fires.size() - 1)) {
            assertThat(byFire.get(f).keySet()).as("fire %s: %s", f, seen).isEqualTo(racks);
            byFire.get(f).forEach((job, ran) -> assertThat(ran).as("fire %s %s ran once: %s", f, job, seen).hasSize(1));
        }
        // none twice in the last one either
        byFire.get(fires.get(fires.size() - 1)).forEach((job, ran) -> assertThat(ran).as(seen).hasSize(1));
        // the killed daemon's rack: recovered and run by another daemon
        String job = killedJob;
        List<String> recovered = runs.stream().filter(r -> r.get("job").asText().equals(job) && r.get("trigger").asText().equals("recovered"))
                .map(r -> r.get("daemon").asText()).toList();
        assertThat(recovered).as("%s re-run after %s was killed: %s", job, killed, seen).hasSize(1);
        assertThat(recovered.get(0)).isNotEqualTo(killed);
        assertThat(daemonIds).as("the racks were spread over the daemons: %s", seen).hasSizeGreaterThanOrEqualTo(2);
        assertThat(runs).allSatisfy(r -> assertThat(r.get("outcome").asText()).as(seen).isIn("PASS", "WARN"));
        // results and alarms in the one store: every node's memory warning (threshold 1%) is in the shared alarm store
        JsonNode store = Yaml.jsonMapper().readTree(shared.resolve("alarms/store.json").toFile());
        Set<String> nodesWithAlarms = new HashSet<>();
        store.get("alarms").fieldNames().forEachRemaining(k -> {
            if (k.startsWith("healthcheck/") && k.endsWith("/memory memory")) {
                nodesWithAlarms.add(k.split("/")[1]);
            }
        });
        assertThat(nodesWithAlarms).as(store.toString()).hasSize(Fleet.SIZE);
        try (var reports = Files.list(shared.resolve("schedule/reports"))) {
            assertThat(reports.filter(p -> p.getFileName().toString().startsWith("rack-check@rack=r")).count()).isGreaterThanOrEqualTo(8);
        }
    }

    private String logs() throws Exception {
        StringBuilder b = new StringBuilder();
        for (String id : List.of("daemon-a", "daemon-b", "daemon-c")) {
            Path p = dir.resolve(id + ".log");
            b.append("\n--- ").append(id).append('\n').append(Files.exists(p) ? Files.readString(p) : "");
        }
        Path log = dir.resolve("state/vigil.log");
        if (Files.exists(log)) {
            b.append("\n--- state/vigil.log\n").append(Files.readString(log));
        }
        return b.toString();
    }

    private static Process daemon(Path config, Path inventory, Path state, Fleet fleet, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(VigilRun.launcher().toString(), "-c", config.toString(), "-i", inventory.toString(),
                "--known-hosts", fleet.knownHosts().toString(), "--state-dir", state.toString(), "--progress", "none", "daemon")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("VIGIL_JAVA_OPTS", "-Dvigil.schedule.checkin=1000");
        return pb.start();
    }
}
