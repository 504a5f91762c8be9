package dev.vigil.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hardware checks against the fleet's OpenIPMI ipmi_sim BMCs (sensors polled from files, e2e/bmc/*.sdrs),
 * through the real ipmitool: a CPU past its critical threshold and a failed power supply are reported, the other
 * nodes are OK, and a node that is powered off still reports its sensors; SEL entries are reported once, kept,
 * and cleared only with --clear-sel; collect's hardware profile gathers the BMC of a node that is down.
 */
class HardwareE2ETest {
    @TempDir
    Path state;
    private Fleet fleet;
    private Path config;

    @BeforeEach
    void setUp() throws Exception {
        fleet = Fleet.get();
        fleet.bmcs();
        config = state.resolve("vigil.yaml");
        Files.writeString(config, PowerE2ETest.IPMI_SIM_CONFIG + "healthcheck: {hardware: {sel_clear_at: 1}}\n");
    }

    @AfterEach
    void restore() {
        fleet.bmcSensor(3, "cpu1-temp", 45);
        fleet.bmcSensor(5, "ps1", 1);
        fleet.bmcSelClear(4);
    }

    private VigilRun vigil(String... args) {
        return PowerE2ETest.vigil(state, config, fleet.knownHosts(), PowerE2ETest.ENV, fleet.inventoryYaml(), args);
    }

    static JsonNode check(JsonNode report, String node, String check) {
        return HealthcheckE2ETest.check(report, node, check);
    }

    @Test
    void aHotCpuAndAFailedSupplyAreReported_andAPoweredOffNodeStillReportsItsSensors() throws Exception {
        fleet.bmcSensor(3, "cpu1-temp", 95);
        fleet.bmcSensor(5, "ps1", 3);
        Thread.sleep(1500); // ipmi_sim polls the files every 500 ms
        VigilRun off = vigil("-l", "node-7", "power", "off", "--format", "json");
        assertThat(off.node("node-7").get("power").asText()).as(off.toString()).isEqualTo("off");
        try {
            // with an in-band check beside it, so the node is tried over SSH too (and found down)
            VigilRun run = vigil("healthcheck", "run", "--checks", "bmc-sensors,memory", "--format", "json");
            assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
            JsonNode r = run.json();
            JsonNode hot = check(r, "node-3", "bmc-sensors");
            assertThat(hot.get("status").asText()).isEqualTo("CRIT");
            assertThat(hot.get("message").asText()).contains("CPU1 Temp: 95C >= 90 (upper critical)");
            JsonNode psu = check(r, "node-5", "bmc-sensors");
            assertThat(psu.get("status").asText()).isEqualTo("CRIT");
            assertThat(psu.get("message").asText()).contains("PS1 Status: Failure detected");
            JsonNode down = check(r, "node-7", "bmc-sensors");
            assertThat(down.get("status").asText()).as(down.toString()).isEqualTo("OK");
            assertThat(down.get("message").asText()).isEqualTo("4 sensors, all within the BMC's thresholds");
            assertThat(down.get("details").get(0).asText()).startsWith("node unreachable:");
            assertThat(check(r, "node-7", "memory").get("status").asText()).isEqualTo("UNKNOWN");
            // only out-of-band checks: no node is logged into, the BMC alone answers
            VigilRun bmcOnly = vigil("-l", "node-7", "healthcheck", "run", "--checks", "bmc-sensors", "--format", "json");
            assertThat(bmcOnly.exitCode).as(bmcOnly.toString()).isZero();
            assertThat(check(bmcOnly.json(), "node-7", "bmc-sensors").get("message").asText()).isEqualTo("4 sensors, all within the BMC's thresholds");
            for (int i = 1; i <= Fleet.SIZE; i++) {
                if (i != 3 && i != 5) {
                    assertThat(check(r, "node-" + i, "bmc-sensors").get("status").asText()).as("node-%d", i).isEqualTo("OK");
                }
            }
            VigilRun nagios = vigil("-l", "node-3", "healthcheck", "run", "--checks", "bmc-sensors", "--format", "nagios");
            // Nagios perfdata knows no degrees: the unit is left out, the BMC's thresholds are warn and crit
            assertThat(nagios.stdout).contains("'node-3 bmc-sensors CPU1 Temp'=95;80;90");

            // collect's hardware profile: the BMC of the node that is down is read from the controller
            Path out = state.resolve("bundles");
            VigilRun collect = vigil("-l", "node-7,node-3", "collect", "--profile", "hardware", "--out", out.toString(), "--format", "json");
            String archive = collect.json().get("archive").asText();
            Process tar = new ProcessBuilder("tar", "-xzf", archive, "-C", out.toString()).inheritIO().start();
            assertThat(tar.waitFor()).isZero();
            Path top = out.resolve(Path.of(archive).getFileName().toString().replace(".tar.gz", ""));
            String sensors = Files.readString(top.resolve("node-7/bmc-sensors/bmc-sensors.json"));
            assertThat(sensors).contains("\"name\" : \"PS2 Status\"").contains("\"name\" : \"CPU1 Temp\"");
            assertThat(Files.readString(top.resolve("node-3/bmc-sensors/bmc-sensors.json"))).contains("\"reading\" : 95.0");
            assertThat(Files.exists(top.resolve("node-3/smart/command-output.txt"))).isTrue();
        } finally {
            vigil("-l", "node-7", "power", "on");
            for (int i = 0; i < 60 && vigil("-l", "node-7", "exec", "--", "true").exitCode != 0; i++) {
                Thread.sleep(250);
            }
        }
    }

    @Test
    void selEntriesAreReportedOnce_keptInTheStateDir_andClearedOnlyWithClearSel() throws Exception {
        fleet.bmcSelClear(4);
        fleet.bmcSel(4, "0x0c 0x05 0x6f 0x01");   // memory: uncorrectable ECC
        fleet.bmcSel(4, "0x08 0x03 0x6f 0x03");   // power supply: AC lost
        VigilRun first = vigil("-l", "node-4,node-9", "healthcheck", "run", "--checks", "bmc-events", "--format", "json");
        assertThat(first.exitCode).as(first.toString()).isEqualTo(2);
        JsonNode e = check(first.json(), "node-4", "bmc-events");
        assertThat(e.get("message").asText()).startsWith("2 new entries (first read of this log): 2 critical")
                .contains("Uncorrectable ECC").contains("Power Supply AC lost");
        assertThat(check(first.json(), "node-9", "bmc-events").get("status").asText()).isEqualTo("OK");

        VigilRun again = vigil("-l", "node-4", "healthcheck", "run", "--checks", "bmc-events", "--format", "json");
        assertThat(check(again.json(), "node-4", "bmc-events").get("message").asText()).isEqualTo("0 new entries since the last run");
        assertThat(again.exitCode).isZero();

        for (int i = 0; i < 10; i++) {
            fleet.bmcSel(4, "0x0c 0x05 0x6f 0x00");   // correctable ECC: a warning each
        }
        VigilRun clear = vigil("-l", "node-4", "healthcheck", "run", "--checks", "bmc-events", "--clear-sel", "--format", "json");
        JsonNode c = check(clear.json(), "node-4", "bmc-events");
        assertThat(c.get("status").asText()).as(c.toString()).isEqualTo("WARN");
        assertThat(c.get("message").asText()).startsWith("10 new entries since the last run: 10 warning").contains("cleared at 1% full");
        List<String> stored = Files.readAllLines(state.resolve("st/bmc-events/node-4.jsonl"));
        assertThat(stored).hasSize(12);
        VigilRun after = vigil("-l", "node-4", "healthcheck", "run", "--checks", "bmc-events", "--format", "json");
        assertThat(check(after.json(), "node-4", "bmc-events").get("message").asText()).startsWith("0 new entries");
    }
}
