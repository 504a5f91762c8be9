package dev.vigil.core.alarm.sink;

import dev.vigil.core.alarm.AlarmStore;
import dev.vigil.core.alarm.AlarmsConfig;
import org.junit.jupiter.api.Test;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.VariableBinding;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The trap's varbinds are VIGIL-ALARM-MIB's, and its config refuses what is not authPriv or has no secret reference. */
class SnmpSinkTest {
    @Test
    void aRaiseIsVigilAlarmRaisedWithTheMibsObjectsInOrder() throws Exception {
        List<AlarmStore.Queued> ev = AlarmSinkContract.events("cna-07");
        List<VariableBinding> vb = SnmpSink.varbinds(ev.get(0));
        assertThat(vb.get(0).getOid()).isEqualTo(SnmpConstants.sysUpTime);
        assertThat(vb.get(1).getOid()).isEqualTo(SnmpConstants.snmpTrapOID);
        assertThat(vb.get(1).getVariable().toString()).isEqualTo("1.3.6.1.4.1.32473.1.0.1");
        assertThat(vb.get(3).getOid().toString()).isEqualTo("1.3.6.1.4.1.32473.1.1.2.0");
        assertThat(vb.get(3).getVariable().toString()).isEqualTo("cna-07");
        assertThat(vb.get(5).getVariable().toInt()).as("critical(2)").isEqualTo(2);
        assertThat(SnmpSink.varbinds(ev.get(1)).get(1).getVariable().toString()).as("the clear").isEqualTo("1.3.6.1.4.1.32473.1.0.3");
    }

    /** The shipped MIB names exactly the OIDs the sink sends (its own numbers, read from the file). */
    @Test
    void theShippedMibHasTheOidsTheSinkSends() throws Exception {
        String mib = Files.readString(Path.of("../docs/mibs/VIGIL-ALARM-MIB.txt"));
        assertThat(mib).contains("::= { enterprises 32473 1 }");
        for (String[] n : new String[][] {{"vigilAlarmRaised", "1"}, {"vigilAlarmUpdated", "2"}, {"vigilAlarmCleared", "3"}}) {
            assertThat(mib).containsPattern(Pattern.compile(n[0] + " NOTIFICATION-TYPE[\\s\\S]*?::= \\{ vigilAlarmNotifications " + n[1] + " \\}"));
        }
        Matcher m = Pattern.compile("(vigilAlarm\\w+) OBJECT-TYPE[\\s\\S]*?::= \\{ vigilAlarmObjects (\\d) \\}").matcher(mib);
        List<String> objects = m.results().map(r -> r.group(2) + ":" + r.group(1)).toList();
        assertThat(objects).containsExactly("1:vigilAlarmSource", "2:vigilAlarmNode", "3:vigilAlarmItem", "4:vigilAlarmSeverity",
                "5:vigilAlarmSummary", "6:vigilAlarmFirstSeen", "7:vigilAlarmSeq");
    }

    @Test
    void v3IsAuthPrivWithSecretReferencesAndAnEngineId() {
        assertThatThrownBy(() -> new AlarmsConfig.Snmp("3", null, null, "u", null, "A", null, null, null, null, "0x80007ed904766967696c"))
                .hasMessageContaining("authPriv");
        assertThatThrownBy(() -> new AlarmsConfig.Snmp("3", null, null, "u", null, "A", null, null, "P", null, "xyz")).hasMessageContaining("engine_id");
        assertThatThrownBy(() -> new AlarmsConfig.Snmp("2c", null, null, null, null, null, null, null, null, null, null))
                .hasMessageContaining("community_env");
        assertThatThrownBy(() -> new AlarmsConfig.Snmp("1", null, null, null, null, null, null, null, null, null, null)).hasMessageContaining("2c or 3");
        assertThat(new AlarmsConfig.Snmp(null, null, null, "u", null, "A", null, null, "P", null, "0x80007ed904766967696c").version()).isEqualTo("3");
    }
}
