package dev.vigil.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** vigil power recover against ipmi_sim BMCs that boot the fleet's nodes. */
class RecoverE2ETest {
    @TempDir
    Path state;
    private Fleet fleet;
    private Path config;

    @BeforeEach
    void setUp() throws Exception {
        fleet = Fleet.get();
        fleet.bmcs();
        config = state.resolve("vigil.yaml");
        Files.writeString(config, PowerE2ETest.IPMI_SIM_CONFIG);
    }

    @AfterEach
    void restore() throws Exception {
        for (int i = 11; i <= 17; i++) {
            Files.deleteIfExists(fleet.nodeDir(i).resolve("boot-delay"));
        }
        vigil("-l", "node-1[1-7]", "power", "on");
        for (int i = 11; i <= 17; i++) {
            fleet.startNode(i);
        }
    }

    private VigilRun vigil(String... args) {
        return PowerE2ETest.vigil(state, config, fleet.knownHosts(), PowerE2ETest.ENV, fleet.inventoryYaml(), args);
    }

    private void delay(int node, int seconds) throws Exception {
        Files.writeString(fleet.nodeDir(node).resolve("boot-delay"), seconds + "\n");
    }

    private static JsonNode node(JsonNode report, String name) {
        for (JsonNode n : report.get("nodes")) {
            if (n.get("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no " + name);
    }

    @Test
    void recover_slidingWindow_aNodeThatNeverBootsIsCycledThenFailed_aNodeAlreadyOnIsJustWaitedFor() throws Exception {
        for (int i = 11; i <= 15; i++) {
            delay(i, 1 + i % 3);
        }
        delay(16, 600);
        assertThat(vigil("-l", "node-1[1-6]", "power", "off").exitCode).isZero();
        VigilRun r = vigil("-l", "node-1[1-7]", "--parallel", "3", "power", "recover", "--node-timeout", "6s", "--retries", "1",
                "--format", "json");
        assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
        JsonNode report = r.json();
        for (int i = 11; i <= 15; i++) {
            JsonNode n = node(report, "node-" + i);
            assertThat(n.get("outcome").asText()).as(n.toString()).isEqualTo("loaded");
            assertThat(n.get("load_s").asDouble()).isLessThan(6.0);
        }
        JsonNode never = node(report, "node-16");
        assertThat(never.get("outcome").asText()).isEqualTo("failed");
        assertThat(never.get("attempts").asInt()).as("cycled once, then failed").isEqualTo(2);
        assertThat(never.get("message").asText()).contains("not loaded within 6s").contains("after 2 attempts");
        JsonNode already = node(report, "node-17");
        assertThat(already.get("outcome").asText()).isEqualTo("loaded");
        assertThat(report.get("all_within_deadline").asBoolean()).isFalse();
        Path journal = state.resolve("st/power/runs/" + report.get("run_id").asText() + ".jsonl");
        String j = Files.readString(journal);
        assertThat(j).contains("\"node\":\"node-17\",\"event\":\"already-on\"").doesNotContain("\"node\":\"node-17\",\"event\":\"power-on\"");
        assertThat(j).contains("\"node\":\"node-16\",\"event\":\"cycle\"");
        assertThat(r.stderr).contains("recover: ").contains("loaded");
    }

    @Test
    void controllerKilledMidRun_resumeCompletes_withoutPoweringAnythingTwice() throws Exception {
        for (int i = 11; i <= 15; i++) {
            delay(i, 4);
        }
        assertThat(vigil("-l", "node-1[1-5]", "power", "off").exitCode).isZero();
        List<String> cmd = new ArrayList<>(List.of(VigilRun.launcher().toString(), "--state-dir", state.resolve("st").toString(), "-c",
                config.toString(), "-i", fleet.inventoryYaml().toString(), "--known-hosts", fleet.knownHosts().toString(),
                "-l", "node-1[1-5]", "--parallel", "5", "power", "recover", "--node-timeout", "30s"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(state.resolve("first.out").toFile());
        pb.environment().putAll(PowerE2ETest.ENV);
        Process first = pb.start();
        Path runs = state.resolve("st/power/runs");
        Path journal = null;
        for (int i = 0; i < 100 && journal == null; i++) {
            Thread.sleep(100);
            if (Files.isDirectory(runs)) {
                try (var s = Files.list(runs)) {
                    journal = s.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElse(null);
                }
            }
        }
        assertThat(journal).as("a journal was started").isNotNull();
        for (int i = 0; i < 50 && count(Files.readString(journal), "\"event\":\"bmc-on\"") < 5; i++) {
            Thread.sleep(100);
        }
        first.destroyForcibly();
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(journal)).doesNotContain("\"event\":\"loaded\"");

        String id = journal.getFileName().toString().replace(".jsonl", "");
        VigilRun resumed = vigil("-l", "node-1[1-5]", "--parallel", "5", "power", "recover", "--resume", id, "--format", "json");
        assertThat(resumed.exitCode).as(resumed.toString()).isZero();
        String all = Files.readString(journal);
        Map<String, Integer> powerOns = new HashMap<>();
        for (String line : all.split("\n")) {
            if (line.contains("\"event\":\"power-on\"")) {
                powerOns.merge(line.replaceAll(".*\"node\":\"([^\"]+)\".*", "$1"), 1, Integer::sum);
            }
        }
        assertThat(powerOns).as("each node powered on once across both runs").hasSize(5).allSatisfy((n, c) -> assertThat(c).isEqualTo(1));
        assertThat(count(all, "\"event\":\"loaded\"")).isEqualTo(5);
    }

    /** The fleet's inventory with node-11..14 on pdu a and node-15, 16 on pdu b. */
    private Path labelled() throws Exception {
        String inv = Files.readString(fleet.inventoryYaml());
        for (int i = 11; i <= 16; i++) {
            inv = inv.replace("{name: node-" + i + ", ", "{name: node-" + i + ", labels: {pdu: " + (i <= 14 ? "a" : "b") + "}, ");
        }
        Path p = state.resolve("labelled.yaml");
        Files.writeString(p, inv);
        return p;
    }

    @Test
    void staggerAndMaxPer_theJournalAndTheBmcsShowTheGapsAndAtMostTwoOfOnePduLoading() throws Exception {
        for (int i = 11; i <= 16; i++) {
            delay(i, 2);
        }
        Path inv = labelled();
        assertThat(vigil("-l", "node-1[1-6]", "power", "off").exitCode).isZero();
        VigilRun r = PowerE2ETest.vigil(state, config, fleet.knownHosts(), PowerE2ETest.ENV, inv, "-l", "node-1[1-6]", "--parallel", "6",
                "power", "recover", "--node-timeout", "40s", "--stagger", "1s", "--max-per", "pdu=2", "--format", "json");
        assertThat(r.exitCode).as(r.toString()).isZero();
        JsonNode report = r.json();
        assertThat(report.get("stagger_s").asDouble()).isEqualTo(1.0);
        assertThat(report.get("max_per").get("pdu").asInt()).isEqualTo(2);
        List<dev.vigil.power.Journal.Entry> journal = dev.vigil.power.Journal.read(state.resolve("st/power/runs/" + report.get("run_id").asText() + ".jsonl"));
        Map<String, java.time.Instant> on = new HashMap<>();
        Map<String, java.time.Instant> loaded = new HashMap<>();
        for (dev.vigil.power.Journal.Entry e : journal) {
            if (e.event().equals("power-on")) {
                on.put(e.node(), e.time());
            } else if (e.event().equals("loaded")) {
                loaded.put(e.node(), e.time());
            }
        }
        assertThat(on).hasSize(6);
        assertThat(loaded).hasSize(6);
        List<java.time.Instant> times = on.values().stream().sorted().toList();
        for (int i = 1; i < times.size(); i++) {
            assertThat(java.time.Duration.between(times.get(i - 1), times.get(i)).toMillis()).as("journal gap %d", i).isGreaterThanOrEqualTo(999);
        }
        // the BMCs' own record of when each took its power-on (ipmi_sim's chassis script); an ipmitool process start apart
        List<Long> bmcOn = new ArrayList<>();
        for (int i = 11; i <= 16; i++) {
            bmcOn.add(Long.parseLong(Files.readString(fleet.nodeDir(i).resolve("bmc/power-on-at")).strip()));
        }
        java.util.Collections.sort(bmcOn);
        for (int i = 1; i < bmcOn.size(); i++) {
            assertThat(bmcOn.get(i) - bmcOn.get(i - 1)).as("BMC gap %d", i).isGreaterThanOrEqualTo(900);
        }
        // pdu a: at no power-on were more than two of its nodes between power-on and loaded, and two were at some point
        int peak = 0;
        for (int i = 11; i <= 14; i++) {
            java.time.Instant t = on.get("node-" + i);
            int live = 0;
            for (int k = 11; k <= 14; k++) {
                if (!on.get("node-" + k).isAfter(t) && loaded.get("node-" + k).isAfter(t)) {
                    live++;
                }
            }
            peak = Math.max(peak, live);
        }
        assertThat(peak).isEqualTo(2);
        assertThat(on.get("node-13")).as("node-13 held until a pdu a node loaded").isAfterOrEqualTo(
                java.util.Collections.min(List.of(loaded.get("node-11"), loaded.get("node-12"))));
        assertThat(on.get("node-15")).as("pdu b passed ahead of the held node-13").isBefore(on.get("node-13"));
        assertThat(r.stderr).contains("held by a label limit").contains("power commands 1s apart, at most 2 per pdu");

        VigilRun plan = PowerE2ETest.vigil(state.resolve("plan"), config, fleet.knownHosts(), PowerE2ETest.ENV, inv, "-l", "node-1[1-6]",
                "power", "recover", "--dry-run", "--node-timeout", "20s", "--stagger", "10s", "--max-per", "pdu=1");
        assertThat(plan.exitCode).as(plan.toString()).isZero();
        assertThat(plan.stdout).contains("power commands 10s apart, at most 1 per pdu");
        // unknown loads are half the node timeout (10 s): one per pdu, 10 s apart: a at 0, 20, 40, 50 (node-14 waits for node-13, not the clock); b at 10, 30
        assertThat(plan.stdout).containsPattern("node-11\\s+10\\.0s \\(never seen\\)\\s+0\\.0s")
                .containsPattern("node-15\\s+10\\.0s \\(never seen\\)\\s+10\\.0s")
                .containsPattern("node-14\\s+10\\.0s \\(never seen\\)\\s+50\\.0s");
        VigilRun typo = PowerE2ETest.vigil(state, config, fleet.knownHosts(), PowerE2ETest.ENV, inv, "-l", "node-1[1-6]",
                "power", "recover", "--dry-run", "--max-per", "rack=2");
        assertThat(typo.exitCode).isEqualTo(64);
        assertThat(typo.stderr.strip()).contains("no selected node has the label 'rack'").doesNotContain("\n");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
