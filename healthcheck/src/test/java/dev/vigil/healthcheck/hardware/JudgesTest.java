package dev.vigil.healthcheck.hardware;

import dev.vigil.core.bmc.SelEntry;
import dev.vigil.core.bmc.Sensor;
import dev.vigil.core.result.Status;
import dev.vigil.healthcheck.HealthcheckConfig;
import dev.vigil.healthcheck.parse.HardwareParsersTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The sensor and event judges, on a real SEL of 1462 entries (Intel S2600, ../shared/fixtures) and on sensor states. */
class JudgesTest {
    /** The entries of the real SEL, parsed as ipmitool's columns are (the parser itself is tested in power-recovery). */
    static List<SelEntry> intelSel() throws IOException {
        return HardwareParsersTest.resource("ipmitool/intel-s2600-sel-elist.txt").lines().filter(l -> l.contains("|")).map(l -> {
            String[] c = l.split("\\|", -1);
            return new SelEntry(c[0].strip(), c[1].strip() + " " + c[2].strip(), c[3].strip(), c[4].strip(), !c[5].strip().equals("Deasserted"), null);
        }).toList();
    }

    static Status judged(List<SelEntry> sel, String sensor, String event, boolean asserted) {
        return sel.stream().filter(e -> e.sensor().equals(sensor) && e.event().equals(event) && e.asserted() == asserted).findFirst()
                .map(EventJudge::judge).orElseThrow(() -> new AssertionError("no " + sensor + " / " + event));
    }

    @Test
    void theRealSelIsJudgedEntryByEntry() throws IOException {
        List<SelEntry> sel = intelSel();
        assertThat(judged(sel, "Memory Mmry ECC Sensor", "Uncorrectable ECC", true)).isEqualTo(Status.CRIT);
        assertThat(judged(sel, "Power Supply PS1 Status", "Power Supply AC lost", true)).isEqualTo(Status.CRIT);
        assertThat(judged(sel, "Power Supply PS1 Status", "Power Supply AC lost", false)).isEqualTo(Status.OK);
        assertThat(judged(sel, "Power Supply PS1 Status", "Predictive failure", true)).isEqualTo(Status.WARN);
        assertThat(judged(sel, "Fan #0x0c", "Redundancy Lost", true)).isEqualTo(Status.WARN);
        assertThat(judged(sel, "Temperature SSB Temp", "Lower Non-critical going low", true)).isEqualTo(Status.WARN);
        assertThat(judged(sel, "Temperature SSB Temp", "Lower Critical going low", true)).isEqualTo(Status.CRIT);
        assertThat(judged(sel, "Management Subsystem Health BMC Watchdog", "State Asserted", true)).isEqualTo(Status.CRIT);
        assertThat(judged(sel, "Event Logging Disabled System Event Log", "Log area reset/cleared", true)).isEqualTo(Status.OK);
        assertThat(judged(sel, "Power Supply #0x51", "Presence detected", false)).isEqualTo(Status.OK);
        Map<Status, Long> counts = sel.stream().collect(Collectors.groupingBy(EventJudge::judge, Collectors.counting()));
        assertThat(counts.keySet()).containsExactlyInAnyOrder(Status.OK, Status.WARN, Status.CRIT);
        assertThat(sel).filteredOn(e -> !e.asserted()).allMatch(e -> EventJudge.judge(e) == Status.OK);
    }

    @Test
    void aBmcsOwnSeverityWins() {
        assertThat(EventJudge.judge(new SelEntry("1", "t", "Temperature #1", "Temperature threshold exceeded", true, "Critical"))).isEqualTo(Status.CRIT);
        assertThat(EventJudge.judge(new SelEntry("2", "t", "x", "Uncorrectable ECC", true, "OK"))).isEqualTo(Status.OK);
    }

    @Test
    void sensorsByThresholdsStatesAndOperatorRules() {
        Sensor fanLow = new Sensor("FAN1", "fan", 500.0, "RPM", "ok", 300.0, 600.0, 900.0, null, null, null, List.of());
        assertThat(SensorJudge.judge(fanLow, null)).isEqualTo(new SensorJudge.Verdict(Status.CRIT, "500RPM < 600 (lower critical)"));
        Sensor warm = new Sensor("CPU1 Temp", "temperature", 80.0, "degrees C", "ok", null, null, null, 79.0, 82.0, 84.0, List.of());
        assertThat(SensorJudge.judge(warm, null).status()).isEqualTo(Status.WARN);
        assertThat(SensorJudge.judge(warm, new HealthcheckConfig.SensorRule(null, 85.0, 90.0, null, null)).status()).isEqualTo(Status.OK);
        // the BMC's word counts where it has no thresholds to show (Redfish health, IPMI status of a discrete sensor)
        assertThat(SensorJudge.judge(Sensor.discrete("Power Supply Bay", "power-supply", "Warning", List.of()), null).status()).isEqualTo(Status.WARN);
        assertThat(SensorJudge.judge(Sensor.discrete("PS Redundancy", "power-supply", "ok", List.of("Fully Redundant")), null).status()).isEqualTo(Status.OK);
        assertThat(SensorJudge.judge(Sensor.discrete("PS Redundancy", "power-supply", "ok", List.of("Redundancy Lost")), null).status()).isEqualTo(Status.WARN);
        assertThat(SensorJudge.judge(Sensor.discrete("PS2 Status", "power-supply", "ok", List.of("Presence detected", "Power Supply AC lost")), null).status())
                .isEqualTo(Status.CRIT);
        // Supermicro's "0.000" lower thresholds of a CPU temperature never fire at a real reading
        Sensor zeroLows = new Sensor("CPU1 Temp", "temperature", 33.0, "degrees C", "ok", 0.0, 0.0, 0.0, 79.0, 82.0, 84.0, List.of());
        assertThat(SensorJudge.judge(zeroLows, null).status()).isEqualTo(Status.OK);
    }

    @Test
    void sensorRulesMatchByExactNameThenGlob() {
        HealthcheckConfig.Hardware hw = new HealthcheckConfig.Hardware(Map.of("PS*", new HealthcheckConfig.SensorRule(true, null, null, null, null),
                "PS1 Status", new HealthcheckConfig.SensorRule(false, null, null, null, null)), List.of(), null);
        assertThat(hw.rule("PS1 Status").ignored()).isFalse();
        assertThat(hw.rule("PS2 Status").ignored()).isTrue();
        assertThat(hw.rule("CPU1 Temp")).isNull();
        assertThat(hw.rule("aPS2")).isNull();
    }
}
