package dev.vigil.healthcheck;

import dev.vigil.core.error.UsageException;
import dev.vigil.core.inventory.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HealthcheckConfigTest {
    @TempDir
    Path dir;

    private HealthcheckConfig load(String yaml) throws Exception {
        Path f = dir.resolve("vigil.yaml");
        Files.writeString(f, yaml);
        return HealthcheckConfig.load(f);
    }

    private static Node node(String name, String... groups) {
        return new Node(name, "10.0.0.1", null, null, List.of(), false, Set.of(groups), Map.of(), null);
    }

    @Test
    void thresholds_defaultsThenGlobalThenGroupThenNodeThenMount() throws Exception {
        HealthcheckConfig c = load("parallel: 5\nhealthcheck:\n  thresholds: {disk-space: {warn: 70}}\n"
                + "  mounts: {/var/log: {disk-space: {crit: 75}}}\n"
                + "  groups: {compute: {thresholds: {cpu: {warn: 90, crit: 99}}, processes: [{name: cna-agent}]}}\n"
                + "  nodes: {cna-07: {thresholds: {cpu: {warn: 60}}}}\n");
        Settings plain = new Settings(c, node("vrm-01", "mgmt"));
        assertThat(plain.threshold("disk-space")).isEqualTo(new HealthcheckConfig.Threshold(70.0, 90.0));
        assertThat(plain.threshold("disk-space", "/var/log")).isEqualTo(new HealthcheckConfig.Threshold(70.0, 75.0));
        assertThat(plain.threshold("cpu")).isEqualTo(new HealthcheckConfig.Threshold(80.0, 95.0));
        assertThat(plain.processes()).isEmpty();
        Settings cna = new Settings(c, node("cna-07", "compute"));
        assertThat(cna.threshold("cpu")).isEqualTo(new HealthcheckConfig.Threshold(60.0, 99.0));
        assertThat(cna.processes()).extracting(HealthcheckConfig.ProcessRule::label).containsExactly("cna-agent");
        assertThat(cna.processes().get(0).minimum()).isEqualTo(1);
    }

    @Test
    void unknownKeysAndBadValues_namePlaceAndFix() {
        assertThatThrownBy(() -> load("healthcheck:\n  thresholds:\n    disk-spce: {warn: 1}\n"))
                .isInstanceOf(UsageException.class).hasMessageContaining("unknown threshold 'disk-spce'");
        assertThatThrownBy(() -> load("healthcheck:\n  heartbeats:\n    - {name: vrm, period: 10s}\n"))
                .hasMessageContaining("give exactly one of file, timestamp_file or command");
        assertThatThrownBy(() -> load("healthcheck:\n  processes:\n    - {name: sshd, mni: 1}\n"))
                .hasMessageStartingWith(dir.resolve("vigil.yaml") + ":3:").hasMessageContaining("unknown key 'mni'");
        assertThatThrownBy(() -> load("healthcheck:\n  processes:\n    - {nmae: sshd}\n"))
                .hasMessageStartingWith(dir.resolve("vigil.yaml") + ":3:")
                .hasMessageContaining("a process rule needs exactly one of 'name' or 'regex'");
        assertThatThrownBy(() -> load("healthcheck:\n  thresholds: {cpu: {warn: 90, crit: 80}}\n"))
                .hasMessageContaining("crit (80.0) must not be below warn (90.0)");
        assertThatThrownBy(() -> load("healthcheck:\n  logs: {patterns: [{name: x, regex: '(unclosed'}]}\n"))
                .hasMessageContaining("not a valid regex");
    }

    @Test
    void noSection_isTheDefaults() throws Exception {
        HealthcheckConfig c = load("parallel: 3\n");
        assertThat(new Settings(c, node("n")).threshold("disk-inodes")).isEqualTo(new HealthcheckConfig.Threshold(80.0, 90.0));
        assertThat(HealthcheckConfig.load(null).processes()).isEmpty();
    }
}
