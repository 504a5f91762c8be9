package dev.vigil.healthcheck;

import dev.vigil.core.fleet.FleetListener;
import dev.vigil.core.fleet.FleetRunner;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Finding;
import dev.vigil.core.result.Report;
import dev.vigil.core.result.Status;
import dev.vigil.core.transport.Connections;
import dev.vigil.core.transport.SshOptions;
import dev.vigil.healthcheck.history.Baseline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each check has its own deadline, counted from when it starts: one queued behind slow checks is not reported as timed out. */
class CheckDeadlineTest {
    @TempDir
    Path dir;

    record Sleeper(String name, long millis) implements Check {
        @Override
        public String description() {
            return "sleeps";
        }

        @Override
        public String describe(Settings settings) {
            return "-";
        }

        @Override
        public CheckResult run(CheckContext ctx) throws Exception {
            Thread.sleep(millis);
            return CheckResult.of(Status.OK, "slept " + millis + "ms");
        }
    }

    private Report run(List<Check> checks) throws Exception {
        Path cfgFile = Files.writeString(dir.resolve("vigil.yaml"), "healthcheck:\n  check_timeout: 1s\n  cpu_interval: 1s\n");
        HealthcheckConfig cfg = HealthcheckConfig.load(cfgFile);
        Instant start = Instant.now();
        RunEnvironment env = new RunEnvironment(start, null, Baseline.load(dir), start, List.of(), null);
        SshOptions ssh = new SshOptions(null, null, List.of(), dir.resolve("kh"), List.of(), false, Duration.ofSeconds(2),
                Duration.ofSeconds(15), 3, null, null, null, false);
        try (Connections c = new Connections(ssh, Map.of())) {
            Duration work = HealthcheckRunner.nodeWork(new Settings(cfg, Node.localhost()), checks.size());
            FleetRunner fleet = new FleetRunner(c, 1, work.plusSeconds(5), FleetListener.NONE);
            return new HealthcheckRunner(cfg, new Checks(checks).select(null), env, List.of()).run("t", List.of(Node.localhost()), fleet);
        }
    }

    @Test
    void aCheckQueuedBehindSlowOnes_getsItsWholeBudget() throws Exception {
        // the budget is check_timeout + cpu_interval + 2s = 4s; every channel is busy for 3s, then the queued check needs 1.5s
        List<Check> checks = new ArrayList<>();
        for (int i = 0; i < HealthcheckRunner.CHANNELS_PER_NODE; i++) {
            checks.add(new Sleeper("slow-" + i, 3000));
        }
        checks.add(new Sleeper("queued", 1500));
        Report r = run(checks);
        assertThat(r.findings()).filteredOn(f -> !f.item().equals("trend")).extracting(Finding::item, Finding::status)
                .allMatch(t -> t.toList().get(1) == Status.OK);
        assertThat(r.findings()).filteredOn(f -> f.item().equals("queued")).singleElement().extracting(Finding::message).isEqualTo("slept 1500ms");
    }

    @Test
    void aCheckOverItsOwnBudget_isStillUnknown() throws Exception {
        Report r = run(List.of(new Sleeper("stuck", 60_000), new Sleeper("fine", 10)));
        assertThat(r.findings()).filteredOn(f -> f.item().equals("stuck")).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(Status.UNKNOWN);
            assertThat(f.message()).contains("did not finish within 1s");
        });
        assertThat(r.findings()).filteredOn(f -> f.item().equals("fine")).singleElement().extracting(Finding::status).isEqualTo(Status.OK);
    }
}
