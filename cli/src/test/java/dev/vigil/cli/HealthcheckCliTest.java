package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** vigil healthcheck on the local machine, in-process. */
class HealthcheckCliTest {
    @TempDir
    Path state;

    record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    private Run vigil(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--state-dir", state.resolve("st").toString(), "-c", state.resolve("vigil.yaml").toString(),
                "--progress", "none"));
        all.addAll(List.of(args));
        int code = Vigil.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), all.toArray(new String[0]));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void config(String yaml) throws Exception {
        Files.writeString(state.resolve("vigil.yaml"), yaml);
    }

    @Test
    void list_namesEveryCheckWithItsThresholds() throws Exception {
        config("healthcheck:\n  thresholds: {disk-inodes: {warn: 75}}\n");
        Run r = vigil("healthcheck", "list");
        assertThat(r.code()).isZero();
        for (String c : List.of("disk-space", "disk-inodes", "cpu", "memory", "processes", "config-integrity", "clock-sync", "logs",
                "alarms", "heartbeat", "trend")) {
            assertThat(r.out()).contains(c + " ");
        }
        assertThat(r.out()).contains("warn 75%, crit 90%");
    }

    @Test
    void baseline_keptUnlessUpdate_thenCompareFindsTheEdit() throws Exception {
        Path conf = state.resolve("app.conf");
        Files.writeString(conf, "a=1\n");
        config("healthcheck:\n  config_files: ['" + conf + "']\n");
        Run first = vigil("healthcheck", "baseline");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("localhost").contains("recorded");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("st/healthcheck/baseline.json"))))
                .isEqualTo("rw-------");
        assertThat(vigil("healthcheck", "baseline").out()).contains("kept (use --update to replace)");

        Run ok = vigil("healthcheck", "run", "--checks", "config-integrity", "--save", "--format", "json");
        assertThat(ok.code()).isZero();
        String firstId = ok.json().get("run_id").asText();
        Files.writeString(conf, "a=2\n");
        Run bad = vigil("healthcheck", "run", "--checks", "config-integrity", "--save");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.out()).contains("CRIT    localhost  config-integrity  " + conf + ": content modified");

        Run ambiguous = vigil("healthcheck", "compare", "2", "latest");
        assertThat(ambiguous.code()).isEqualTo(64);
        assertThat(ambiguous.err()).isEqualTo("vigil: '2' matches 2 runs; give more of the id\n");
        Run cmp = vigil("healthcheck", "compare", firstId, "latest");
        assertThat(cmp.code()).isEqualTo(2);
        assertThat(cmp.out()).contains("WORSE").contains("config-integrity").contains(" -> ").contains("1 worse, 0 better");
        Path savedFile = state.resolve("st/healthcheck/runs/" + firstId + ".json");
        assertThat(vigil("healthcheck", "compare", savedFile.toString(), savedFile.toString()).out()).contains("0 worse, 0 better, 0 other");

        assertThat(vigil("healthcheck", "baseline", "--update").out()).contains("updated");
        assertThat(vigil("healthcheck", "run", "--checks", "config-integrity").code()).isZero();
        assertThat(vigil("healthcheck", "history").out()).contains("2 saved runs");
    }

    @Test
    void compareWithoutHistory_andBadArguments_areUsageErrors() throws Exception {
        config("");
        Run none = vigil("healthcheck", "compare", "previous", "latest");
        assertThat(none.code()).isEqualTo(64);
        assertThat(none.err()).isEqualTo("vigil: there is no previous saved run (0 saved)\n");
        assertThat(vigil("healthcheck", "run", "--since", "yesterday").err()).startsWith("vigil: --since: 'yesterday' is not a duration");
        Run badYaml = vigil("healthcheck", "run");
        assertThat(badYaml.code()).isLessThan(64);
        config("healthcheck:\n  mounts: {/var: {disk-inodes: {warn: many}}}\n");
        Run bad = vigil("healthcheck", "run");
        assertThat(bad.code()).isEqualTo(64);
        assertThat(bad.err()).startsWith("vigil: " + state.resolve("vigil.yaml") + ":2:").contains("got 'many'");
    }

    @Test
    void outFile_isWrittenWhole_andStdoutStaysEmpty() throws Exception {
        config("");
        Path prom = state.resolve("node_exporter/textfile/vigil.prom");
        Run r = vigil("healthcheck", "run", "--checks", "memory,disk-space", "--format", "prometheus", "--out", prom.toString());
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(prom)).contains("vigil_check_status{node=\"localhost\",check=\"memory\"}")
                .contains("vigil_check_metric{node=\"localhost\",check=\"disk-space\",metric=\"/\",unit=\"%\"}");
        try (var files = Files.list(prom.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("vigil.prom");
        }
    }

    /** The global --timeout is each check's deadline when given, over healthcheck.check_timeout. */
    @Test
    void theGlobalTimeoutIsEachChecksDeadline() throws Exception {
        config("healthcheck:\n  check_timeout: 30s\n  heartbeats: [{name: slow, command: 'sleep 20; date +%s', period: 1h}]\n");
        long start = System.nanoTime();
        Run r = vigil("-t", "1s", "healthcheck", "run", "--checks", "heartbeat", "--format", "json");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(15));
        JsonNode f = r.json().get("nodes").get(0).get("checks").get(0);
        assertThat(f.get("status").asText()).as(r.out()).isEqualTo("UNKNOWN");
        assertThat(f.get("message").asText()).contains("within 1s");
        assertThat(vigil("healthcheck", "list").out()).as("the listing is of the configuration").contains("heartbeat");
    }
}
