package dev.vigil.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The health check against the fleet of real nodes: what breaks is found, and compare says exactly that. */
class HealthcheckE2ETest {
    static final String CONFIG = String.join("\n",
            "healthcheck:",
            "  cpu_interval: 500ms",
            // the fleet shares this 2-core machine's CPU: keep its load out of the verdict
            "  thresholds: {cpu: {warn: 101, crit: 101}, memory: {warn: 99, crit: 100}}",
            "  processes: [{name: heartbeatd, min: 1}, {name: sshd, min: 1}]",
            "  config_files: [/etc/vigil-app/*.conf]",
            "  logs: {files: [/var/log/messages], journal: false}",
            "  heartbeats: [{name: agent, timestamp_file: /srv/vigil-data/heartbeat, period: 10s}]",
            "  groups:",
            "    compute: {processes: [{name: cna-agent, min: 1}]}",
            "    mgmt: {processes: [{name: vrm-agent, min: 1}]}",
            "");

    static final List<String> OUT_OF_BAND = List.of("bmc-sensors", "bmc-events");

    @TempDir
    Path state;
    private Fleet fleet;
    private Path config;

    @BeforeEach
    void setUp() throws Exception {
        fleet = Fleet.get();
        fleet.bmcs();
        config = state.resolve("vigil.yaml");
        Files.writeString(config, CONFIG + PowerE2ETest.IPMI_SIM_CONFIG);
    }

    private VigilRun vigil(String... args) {
        List<String> all = new ArrayList<>(List.of("--state-dir", state.toString(), "-c", config.toString(), "--progress", "none",
                "-i", fleet.inventoryYaml().toString(), "--known-hosts", fleet.knownHosts().toString(), "--connect-timeout", "3s"));
        all.addAll(List.of(args));
        return VigilRun.run(PowerE2ETest.ENV, all.toArray(new String[0]));
    }

    static JsonNode check(JsonNode report, String node, String check) {
        for (JsonNode n : report.get("nodes")) {
            if (n.get("name").asText().equals(node)) {
                for (JsonNode c : n.get("checks")) {
                    if (c.get("check").asText().equals(check)) {
                        return c;
                    }
                }
            }
        }
        throw new AssertionError("no " + check + " for " + node);
    }

    @Test
    void whatBreaksIsFlagged_andCompareListsExactlyThat() throws Exception {
        VigilRun baseline = vigil("healthcheck", "baseline");
        assertThat(baseline.exitCode).as(baseline.toString()).isZero();
        assertThat(baseline.stdout).contains("recorded");

        VigilRun healthy = vigil("healthcheck", "run", "--save", "--format", "json");
        JsonNode h = healthy.json();
        assertThat(h.get("nodes")).hasSize(Fleet.SIZE);
        for (int i = 1; i <= Fleet.SIZE; i++) {
            for (String c : List.of("disk-space", "disk-inodes", "processes", "config-integrity", "heartbeat", "logs", "alarms", "bmc-sensors",
                    "bmc-events", "disks-smart", "raid", "multipath", "network-bonds", "memory-errors", "vm-states")) {
                assertThat(check(h, "node-" + i, c).get("status").asText()).as("healthy node-%d %s: %s", i, c, check(h, "node-" + i, c))
                        .isEqualTo("OK");
            }
        }
        assertThat(healthy.exitCode).as("no time daemon on the nodes: WARN").isEqualTo(1);

        String original = Files.readString(fleet.nodeDir(8).resolve("etc-app/app.conf"));
        try {
            // node-5: /var/log on a 64-inode tmpfs, filled past 80% of its inodes
            exec("node-5", "mount -t tmpfs -o size=2m,nr_inodes=64 tmpfs /var/log && cd /var/log && touch messages f$(seq -s ' f' 1 54)");
            exec("node-6", "pkill -x cna-agent");
            exec("node-8", "echo 'listen=0.0.0.0' >> /etc/vigil-app/app.conf");
            fleet.stopNode(7);

            VigilRun broken = vigil("healthcheck", "run", "--save", "--format", "json");
            assertThat(broken.exitCode).as(broken.stderr).isEqualTo(2);
            JsonNode b = broken.json();
            JsonNode inodes = check(b, "node-5", "disk-inodes");
            assertThat(inodes.get("status").asText()).isIn("WARN", "CRIT");
            assertThat(inodes.get("message").asText()).startsWith("/var/log 8").contains("of inodes used");
            assertThat(check(b, "node-6", "processes").get("status").asText()).isEqualTo("CRIT");
            assertThat(check(b, "node-6", "processes").get("message").asText()).startsWith("cna-agent: 0 running, expected at least 1");
            assertThat(check(b, "node-8", "config-integrity").get("status").asText()).isEqualTo("CRIT");
            assertThat(check(b, "node-8", "config-integrity").get("message").asText()).startsWith("/etc/vigil-app/app.conf: content modified");
            for (JsonNode c : nodeChecks(b, "node-7")) {
                if (OUT_OF_BAND.contains(c.get("check").asText())) {
                    // read through the node's BMC: a node that is down still answers for its hardware
                    assertThat(c.get("status").asText()).as(c.toString()).isEqualTo("OK");
                    assertThat(c.get("details").get(0).asText()).startsWith("node unreachable:");
                    continue;
                }
                assertThat(c.get("status").asText()).isEqualTo("UNKNOWN");
                assertThat(c.get("message").asText()).startsWith("node unreachable:");
            }
            assertThat(check(b, "node-9", "processes").get("status").asText()).isEqualTo("OK");

            VigilRun cmp = vigil("healthcheck", "compare", "previous", "latest", "--format", "json");
            assertThat(cmp.exitCode).as(cmp.toString()).isEqualTo(2);
            Set<String> changes = new TreeSet<>();
            for (JsonNode c : cmp.json().get("changes")) {
                changes.add(c.get("kind").asText() + " " + c.get("node").asText() + " " + c.get("check").asText());
            }
            Set<String> expected = new TreeSet<>(List.of("WORSE node-5 disk-inodes", "WORSE node-6 processes",
                    "WORSE node-8 config-integrity"));
            for (JsonNode c : nodeChecks(h, "node-7")) {
                if (!OUT_OF_BAND.contains(c.get("check").asText())) {
                    expected.add("WORSE node-7 " + c.get("check").asText());
                }
            }
            assertThat(changes).isEqualTo(expected);

            VigilRun history = vigil("healthcheck", "history");
            assertThat(history.stdout).contains("2 saved runs");
        } finally {
            fleet.startNode(7);
            Files.writeString(fleet.nodeDir(8).resolve("etc-app/app.conf"), original);
            fleet.stopNode(5);
            fleet.startNode(5);
            fleet.stopNode(6);
            fleet.startNode(6);
        }
    }

    private static List<JsonNode> nodeChecks(JsonNode report, String node) {
        for (JsonNode n : report.get("nodes")) {
            if (n.get("name").asText().equals(node)) {
                List<JsonNode> out = new ArrayList<>();
                n.get("checks").forEach(out::add);
                return out;
            }
        }
        throw new AssertionError("no node " + node);
    }

    private void exec(String node, String command) {
        VigilRun r = vigil("-l", node, "exec", "--", command);
        assertThat(r.exitCode).as(r.toString()).isZero();
    }

    @Test
    void pluginFormats_nagiosPrometheusJunitHtml() throws Exception {
        VigilRun nagios = vigil("-l", "node-1,node-2", "healthcheck", "run", "--checks", "disk-space,memory,processes", "--format", "nagios");
        assertThat(nagios.exitCode).as(nagios.toString()).isZero();
        assertThat(nagios.stdout).startsWith("VIGIL OK - 2 nodes, 6 checks: all OK | ").contains("'node-1 disk-space /'=");

        Path prom = state.resolve("textfile/vigil.prom");
        VigilRun p = vigil("-l", "node-1", "healthcheck", "run", "--checks", "memory", "--format", "prometheus", "--out", prom.toString());
        assertThat(p.exitCode).isZero();
        assertThat(p.stdout).isEmpty();
        assertThat(Files.readString(prom)).contains("vigil_check_status{node=\"node-1\",check=\"memory\"} 0");

        VigilRun junit = vigil("-l", "node-1", "healthcheck", "run", "--checks", "processes", "--format", "junit");
        assertThat(junit.stdout).contains("<testcase classname=\"node-1\" name=\"processes\"");
        VigilRun html = vigil("-l", "node-1", "healthcheck", "run", "--format", "html");
        assertThat(html.stdout).as(html.toString()).startsWith("<!DOCTYPE html>").contains("node-1");

        VigilRun badCheck = vigil("healthcheck", "run", "--checks", "disk-spcae", "--format", "nagios");
        assertThat(badCheck.exitCode).as("a usage error is UNKNOWN for a Nagios plugin").isEqualTo(3);
        assertThat(badCheck.stderr).isEqualTo("vigil: no check named 'disk-spcae'; did you mean 'disk-space'? (see: vigil healthcheck list)\n");
        VigilRun badCheckTable = vigil("healthcheck", "run", "--checks", "disk-spcae");
        assertThat(badCheckTable.exitCode).isEqualTo(64);
    }
}
