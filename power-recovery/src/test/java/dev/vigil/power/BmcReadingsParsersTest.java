package dev.vigil.power;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.bmc.EventLog;
import dev.vigil.core.bmc.SelEntry;
import dev.vigil.core.bmc.Sensor;
import dev.vigil.core.config.Yaml;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The out-of-band parsers on real output: ipmitool from real BMCs (../shared/fixtures, README there) and from
 * OpenIPMI's ipmi_sim captured here, Redfish from DMTF's rackmount1 mockup.
 */
class BmcReadingsParsersTest {
    static String resource(String path) throws IOException {
        try (InputStream in = BmcReadingsParsersTest.class.getResourceAsStream("/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static JsonNode json(String path) throws IOException {
        return Yaml.jsonMapper().readTree(resource(path));
    }

    static Sensor named(List<Sensor> all, String name) {
        return all.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no sensor " + name + " in " + all));
    }

    @Test
    void supermicroSensorTableGivesTheBmcsThresholdsAndLeavesAbsentSensorsOut() throws IOException {
        List<Sensor> s = IpmiSensors.parse(resource("ipmitool/supermicro-x9-sensor-list.txt"));
        long rows = resource("ipmitool/supermicro-x9-sensor-list.txt").lines().count();
        long absent = resource("ipmitool/supermicro-x9-sensor-list.txt").lines().filter(l -> l.split("\\|")[1].strip().equals("na")).count();
        assertThat(s).hasSize((int) (rows - absent));
        Sensor cpu = named(s, "CPU1 Temp");
        assertThat(cpu.reading()).isEqualTo(33.0);
        assertThat(cpu.kind()).isEqualTo("temperature");
        assertThat(List.of(cpu.upperWarning(), cpu.upperCritical(), cpu.upperFatal())).containsExactly(79.0, 82.0, 84.0);
        assertThat(cpu.state()).isEqualTo("ok");
        assertThat(s).noneMatch(x -> x.name().equals("P1-DIMMA3 TEMP"));
    }

    @Test
    void sdrListsOfIntelAndIbmBoardsKeepReadingsAndSkipUnreadableSensors() throws IOException {
        List<Sensor> intel = IpmiSensors.parse(resource("ipmitool/intel-s2600-sdr-list.txt"));
        assertThat(named(intel, "BB EDGE Temp").reading()).isEqualTo(25.0);
        assertThat(named(intel, "System Airflow").unit()).isEqualTo("CFM");
        assertThat(intel).noneMatch(x -> resource0("ipmitool/intel-s2600-sdr-list.txt").lines()
                .anyMatch(l -> l.startsWith(x.name() + " ") && (l.contains("Not Readable") || l.contains("| ns"))));
        List<Sensor> ibm = IpmiSensors.parse(resource("ipmitool/ibm-systemx-sdr-list.txt"));
        assertThat(named(ibm, "Planar 3.3V").kind()).isEqualTo("voltage");
        assertThat(ibm).allMatch(x -> x.state() != null);
    }

    private static String resource0(String p) {
        try {
            return resource(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void oneExecSessionOfIpmiSimMergesThresholdsWithDiscreteStates() throws IOException {
        List<Sensor> s = IpmiSensors.parse(resource("ipmitool/ipmi-sim-sensor-sdr-elist-exec-failing.txt"));
        assertThat(s).extracting(Sensor::name).containsExactly("CPU1 Temp", "PS1 Status", "System Fan 1");
        Sensor cpu = named(s, "CPU1 Temp");
        assertThat(cpu.reading()).isEqualTo(95.0);
        assertThat(cpu.upperCritical()).isEqualTo(90.0);
        assertThat(cpu.state()).isEqualTo("ucr");
        Sensor ps = named(s, "PS1 Status");
        assertThat(ps.kind()).isEqualTo("power-supply");
        assertThat(ps.asserted()).containsExactly("Presence detected", "Failure detected");
        Sensor fan = named(s, "System Fan 1");
        assertThat(fan.kind()).isEqualTo("fan");
        assertThat(fan.lowerCritical()).isEqualTo(600.0);
        assertThat(fan.reading()).isEqualTo(480.0);
    }

    @Test
    void aRealSelOf1462EntriesIsReadWholeWithDirectionsAndDetail() throws IOException {
        String text = resource("ipmitool/intel-s2600-sel-elist.txt");
        EventLog log = IpmiEvents.parse(text);
        assertThat(log.entries()).hasSize((int) text.lines().filter(l -> !l.isBlank()).count());
        assertThat(log.entries().get(0)).isEqualTo(new SelEntry("1", "06/03/2014 17:38:05", "Event Logging Disabled System Event Log",
                "Log area reset/cleared", true, null));
        assertThat(log.entries()).anyMatch(e -> e.event().equals("Uncorrectable ECC") && e.sensor().equals("Memory Mmry ECC Sensor"));
        assertThat(log.entries()).anyMatch(e -> !e.asserted() && e.event().startsWith("Lower Critical going low")
                && e.event().contains("(Reading 43 < Threshold 0 degrees C)"));
        assertThat(log.entries().stream().map(SelEntry::key).distinct().count()).isEqualTo(log.entries().size());
        assertThat(log.percentUsed()).isNull();
    }

    @Test
    void ipmiSimsSelInfoGivesFullnessAndPreInitTimes() throws IOException {
        EventLog log = IpmiEvents.parse(resource("ipmitool/ipmi-sim-sel-info-elist-exec.txt"));
        assertThat(log.percentUsed()).isZero();
        assertThat(log.entries()).extracting(SelEntry::event).containsExactly("Uncorrectable ECC", "Power Supply AC lost");
        assertThat(log.entries().get(0).time()).isEqualTo("Pre-Init 0000001593");
    }

    @Test
    void oneSessionForSensorsAndSelIsSplitByTheTablesShapes() throws IOException {
        String text = resource("ipmitool/ipmi-sim-one-session-sensors-and-sel.txt");
        assertThat(IpmiSensors.parse(text)).extracting(Sensor::name).containsExactly("CPU1 Temp", "PS1 Status", "System Fan 1");
        EventLog log = IpmiEvents.parse(text);
        assertThat(log.entries()).extracting(SelEntry::event).containsExactly("Uncorrectable ECC", "Power Supply AC lost");
        assertThat(log.percentUsed()).isZero();
        // a sensor row whose name is all hex digits is not an event
        assertThat(IpmiEvents.parse("BB               | 33.000     | degrees C  | ok    | na | na | na | 79.000 | 82.000 | 84.000\n").entries()).isEmpty();
        assertThat(IpmiEvents.parse("  ab | 01/02/2020 | 10:00:00 | Fan #0x30 | Lower Critical going low  | Asserted\n").entries()).hasSize(1);
    }

    @Test
    void redfishThermalAndPowerOfRackmount1() throws IOException {
        List<Sensor> t = RedfishHealth.thermal(json("redfish-mockup-rackmount1/Chassis/1U/Thermal/index.json"));
        Sensor cpu = named(t, "CPU1 Temp");
        assertThat(cpu.reading()).isEqualTo(41.0);
        assertThat(List.of(cpu.upperWarning(), cpu.upperCritical(), cpu.upperFatal())).containsExactly(42.0, 45.0, 48.0);
        assertThat(t).anyMatch(s -> s.kind().equals("fan") && s.unit().equals("RPM") && s.reading() == 2100.0);
        assertThat(t).anyMatch(s -> s.kind().equals("fan-redundancy") && s.state().equals("OK"));
        // the Disabled temperature is not a sensor to judge
        assertThat(t.stream().filter(s -> s.kind().equals("temperature")).count()).isEqualTo(2);
        List<Sensor> p = RedfishHealth.power(json("redfish-mockup-rackmount1/Chassis/1U/Power/index.json"));
        Sensor vrm = named(p, "VRM1 Voltage");
        assertThat(List.of(vrm.lowerFatal(), vrm.lowerCritical(), vrm.lowerWarning())).containsExactly(10.0, 11.0, 11.5);
        assertThat(named(p, "Power Supply Bay").state()).isEqualTo("Warning");
    }

    @Test
    void redfishSensorAndPowerSupplyResourcesOfTheNewerModel() throws IOException {
        Sensor cpu = RedfishHealth.sensor(json("redfish-mockup-rackmount1/Chassis/1U/Sensors/CPU1Temp/index.json")).orElseThrow();
        assertThat(cpu.reading()).isEqualTo(44.0);
        assertThat(cpu.unit()).isEqualTo("degrees C");
        assertThat(cpu.upperWarning()).isEqualTo(42.0);
        assertThat(cpu.upperCritical()).isEqualTo(45.0);
        assertThat(cpu.state()).isEqualTo("Warning");
        assertThat(cpu.asserted()).singleElement().asString().contains("above the 42 upper caution threshold");
        Sensor psu = RedfishHealth.component(json("redfish-mockup-rackmount1/Chassis/1U/PowerSubsystem/PowerSupplies/Bay1/index.json"),
                "power-supply").orElseThrow();
        assertThat(psu.asserted()).anyMatch(a -> a.contains("predicted failure"));
    }

    @Test
    void redfishLogEntriesWithTheirSeverityAndFullness() throws IOException {
        List<SelEntry> e = RedfishHealth.entries(json("redfish-mockup-rackmount1/Systems/437XR1138R2/LogServices/Log1/Entries/index.json"));
        assertThat(e).hasSize(2);
        assertThat(e.get(0).severity()).isEqualTo("Critical");
        assertThat(e.get(0).event()).isEqualTo("Temperature threshold exceeded (Upper Critical - going high)");
        assertThat(e.get(0).sensor()).isEqualTo("Temperature #1");
        EventLog log = RedfishHealth.log(json("redfish-mockup-rackmount1/Systems/437XR1138R2/LogServices/Log1/index.json"), e);
        assertThat(log.percentUsed()).isZero();
    }
}
