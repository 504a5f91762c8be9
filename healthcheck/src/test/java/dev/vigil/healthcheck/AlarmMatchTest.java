package dev.vigil.healthcheck;

import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Status;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading another system's alarms, on what a real Alertmanager 0.25 answered (resources/alertmanager): nodes matched, severities mapped. */
class AlarmMatchTest {
    static Node node(String name, String address) {
        return new Node(name, address, null, null, List.of(), false, Set.of(), Map.of(), null);
    }

    private static List<RunEnvironment.Alarm> fixture() throws Exception {
        try (var in = AlarmMatchTest.class.getResourceAsStream("/alertmanager/v0.25-alerts.json")) {
            return AlarmSources.parseAlertmanager(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static RunEnvironment.Alarm named(List<RunEnvironment.Alarm> all, String name) {
        return all.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void fqdnIpv4AndIpv6InstancesMatchTheInventoryNode() throws Exception {
        List<RunEnvironment.Alarm> all = fixture();
        assertThat(all).hasSize(5);
        assertThat(AlarmMatch.matches(named(all, "NodeFilesystemAlmostOutOfFiles").node(), node("cna-01", "10.20.0.1"))).isTrue();
        assertThat(AlarmMatch.matches(named(all, "NodeFilesystemAlmostOutOfFiles").node(), node("cna-010", "10.20.0.10"))).isFalse();
        assertThat(AlarmMatch.matches(named(all, "NodeDown").node(), node("lab-6", "::1"))).as("[::1]:9100").isTrue();
        assertThat(AlarmMatch.matches(named(all, "DiskErrors").node(), node("disk-07", "10.20.0.7"))).isTrue();
        assertThat(AlarmMatch.matches(named(all, "DiskErrors").node(), node("disk-70", "10.20.0.70"))).isFalse();
        assertThat(AlarmMatch.matches(named(all, "CertExpiry").node(), node("vrm-01", "10.20.0.2"))).as("nodename label").isTrue();
        assertThat(named(all, "BackupServerFull").node()).as("no node label: platform-level, kept").isNull();
    }

    @Test
    void severitiesBeyondCriticalAndWarningAreMapped_anUnknownOneIsAWarning() throws Exception {
        List<RunEnvironment.Alarm> all = fixture();
        assertThat(AlarmMatch.severity(named(all, "NodeDown").severity(), Map.of())).isEqualTo(Status.CRIT);
        assertThat(AlarmMatch.severity(named(all, "DiskErrors").severity(), Map.of())).isEqualTo(Status.CRIT);
        assertThat(AlarmMatch.severity(named(all, "NodeFilesystemAlmostOutOfFiles").severity(), Map.of())).isEqualTo(Status.WARN);
        assertThat(AlarmMatch.severity(named(all, "CertExpiry").severity(), Map.of())).as("p3: nobody mapped it").isEqualTo(Status.WARN);
        assertThat(AlarmMatch.severity("p3", Map.of("p3", "ok"))).isEqualTo(Status.OK);
        assertThat(AlarmMatch.severity("P1", Map.of("p1", "critical"))).isEqualTo(Status.CRIT);
        assertThat(AlarmMatch.severity("info", Map.of())).isEqualTo(Status.OK);
        assertThat(AlarmMatch.severity(null, Map.of())).isEqualTo(Status.WARN);
    }

    @Test
    void aSeverityMappedToSomethingElseIsAConfigError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new HealthcheckConfig.Alarms(null, null, null, null, null, null, null, null,
                null, null, Map.of("p1", "urgent"))).hasMessageContaining("alarms.severities.p1 must be critical, warning or ok");
    }
}
