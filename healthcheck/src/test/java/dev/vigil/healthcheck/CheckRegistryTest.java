package dev.vigil.healthcheck;

import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Finding;
import dev.vigil.core.result.Report;
import dev.vigil.core.result.Status;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checks describe themselves: Settings' defaults, the config's threshold names and the selection come from the registry. */
class CheckRegistryTest {
    record Declaring(String name, List<ThresholdSpec> thresholds) implements Check {
        @Override
        public String description() {
            return "declares " + thresholds;
        }

        @Override
        public String describe(Settings settings) {
            return "-";
        }

        @Override
        public CheckResult run(CheckContext ctx) {
            return CheckResult.of(Status.OK, "ok");
        }
    }

    record Later(String name) implements HistoryCheck {
        @Override
        public String description() {
            return "after the others";
        }

        @Override
        public String describe(Settings settings) {
            return "-";
        }

        @Override
        public CheckResult judge(List<Finding> nodeFindings, Map<String, List<Report.Point>> series) {
            return CheckResult.of(Status.WARN, nodeFindings.size() + " findings");
        }
    }

    @Test
    void settingsStartFromTheDefaultsTheChecksDeclare() {
        Checks checks = new Checks(List.of(new Declaring("fans", List.of(ThresholdSpec.of("inlet-temp", 40, 45)))));
        Settings s = new Settings(HealthcheckConfig.empty(), Node.localhost(), checks);
        assertThat(s.threshold("inlet-temp")).isEqualTo(new HealthcheckConfig.Threshold(40.0, 45.0));
        assertThat(s.threshold("cpu")).as("not declared by this registry").isNull();
    }

    @Test
    void theBuiltInChecksDeclareThePlatformFigures() {
        Settings s = new Settings(HealthcheckConfig.empty(), Node.localhost());
        assertThat(s.threshold("disk-inodes")).isEqualTo(new HealthcheckConfig.Threshold(80.0, 90.0));
        assertThat(s.threshold("cpu")).isEqualTo(new HealthcheckConfig.Threshold(80.0, 95.0));
        assertThat(Checks.builtIn().thresholds().keySet())
                .containsExactly("disk-space", "disk-inodes", "cpu", "memory", "swap", "clock-offset", "clock-skew", "smart-reallocated", "smart-wear");
        assertThat(s.threshold("smart-wear")).isEqualTo(new HealthcheckConfig.Threshold(80.0, 95.0));
        assertThat(Checks.builtIn().thresholds().get("clock-offset").percent()).isFalse();
        assertThat(Checks.builtIn().thresholds().get("swap").percent()).isTrue();
    }

    @Test
    void aThresholdOrNameDeclaredTwiceIsRefused() {
        assertThatThrownBy(() -> new Checks(List.of(new Declaring("a", List.of(ThresholdSpec.of("x", 1, 2))),
                new Declaring("b", List.of(ThresholdSpec.of("x", 1, 2)))))).hasMessageContaining("threshold x is declared twice");
        assertThatThrownBy(() -> new Checks(List.of(new Declaring("a", List.of())), List.of(new Later("a"))))
                .hasMessageContaining("duplicate check name: a");
    }

    @Test
    void historyChecksAreSelectedAndListedLikeAnyOther() {
        Checks checks = new Checks(List.of(new Declaring("a", List.of())), List.of(new Later("later")));
        assertThat(checks.names()).containsExactly("a", "later");
        assertThat(checks.select(List.of("later")).checks()).isEmpty();
        assertThat(checks.select(List.of("later")).fromHistory()).extracting(CheckInfo::name).containsExactly("later");
        assertThat(checks.select(null).fromHistory()).hasSize(1);
        assertThat(Checks.builtIn().names()).endsWith("trend");
    }

    @Test
    void theConfigAcceptsExactlyTheDeclaredThresholds() {
        assertThat(new HealthcheckConfig(Map.of("clock-skew", new HealthcheckConfig.Threshold(1.0, 2.0)), null, null, null, null, null, null,
                null, null, null, null, null, null, null).thresholds()).containsKey("clock-skew");
        assertThatThrownBy(() -> new HealthcheckConfig(Map.of("fan-rpm", new HealthcheckConfig.Threshold(1.0, 2.0)), null, null, null, null,
                null, null, null, null, null, null, null, null, null)).hasMessageContaining("unknown threshold 'fan-rpm'")
                .hasMessageContaining("disk-space, disk-inodes, cpu");
    }
}
