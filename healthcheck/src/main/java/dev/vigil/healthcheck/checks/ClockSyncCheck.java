package dev.vigil.healthcheck.checks;

import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Status;
import dev.vigil.core.transport.ExecResult;
import dev.vigil.healthcheck.Check;
import dev.vigil.healthcheck.ThresholdSpec;
import dev.vigil.healthcheck.CheckContext;
import dev.vigil.healthcheck.CheckResult;
import dev.vigil.healthcheck.HealthcheckConfig.Threshold;
import dev.vigil.healthcheck.ThresholdJudge;
import dev.vigil.healthcheck.Settings;
import dev.vigil.healthcheck.parse.TimeSync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's time daemon (chrony, systemd-timesyncd or ntpd, whichever runs): synchronised, leap
 * status, offset against warn/crit; and the node's skew against the controller's clock, measured
 * as {@code node time - midpoint of the round trip}. No time daemon is a warning, not a failure.
 */
public final class ClockSyncCheck implements Check {
    @Override
    public String name() {
        return "clock-sync";
    }

    @Override
    public String description() {
        return "time daemon (chrony, timesyncd or ntpd) synchronised, leap status, offset; skew against the controller";
    }

    @Override
    public List<ThresholdSpec> thresholds() {
        return List.of(ThresholdSpec.of("clock-offset", 100, 1000), ThresholdSpec.of("clock-skew", 500, 5000));
    }

    @Override
    public String describe(Settings s) {
        Threshold o = s.threshold("clock-offset");
        Threshold k = s.threshold("clock-skew");
        return "offset " + o.describe("ms") + "; skew " + k.describe("ms") + "; no daemon or unsynchronised WARN";
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        String out = ctx.probeOk(TimeSync.SCRIPT, "the time daemon probe");
        TimeSync.State st = ctx.parse(out, TimeSync::parse, "the time daemon's output");
        List<Metric> metrics = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Status status = Status.OK;

        Instant t0 = ctx.now();
        ExecResult clock = ctx.execFresh("date +%s%N");
        Instant t1 = ctx.now();
        Double skewMs = null;
        if (clock.ok() && clock.stdout().strip().matches("\\d{10,}")) {
            long remoteNanos = Long.parseLong(clock.stdout().strip());
            long mid = (t0.getEpochSecond() * 1_000_000_000L + t0.getNano() + t1.getEpochSecond() * 1_000_000_000L + t1.getNano()) / 2;
            skewMs = Math.round((remoteNanos - mid) / 10_000.0) / 100.0;
            double uncertaintyMs = (t1.toEpochMilli() - t0.toEpochMilli()) / 2.0;
            Threshold k = ctx.settings().threshold("clock-skew");
            Status ks = ThresholdJudge.of(Math.abs(skewMs), k);
            metrics.add(new Metric("skew", skewMs, "ms", k.warn(), k.crit(), null, null));
            metrics.add(Metric.of("skew uncertainty", uncertaintyMs, "ms"));
            if (ks != Status.OK) {
                problems.add("clock " + Math.abs(skewMs) + "ms " + (skewMs > 0 ? "ahead of" : "behind") + " the controller");
            }
            status = ks;
        } else {
            problems.add("could not read the node's clock: " + clock.stderr().strip());
            status = Status.UNKNOWN;
        }

        String daemonText;
        if (!st.running()) {
            daemonText = "no time daemon answers (" + st.detail() + ")";
            problems.add(daemonText);
            status = worse(status, Status.WARN);
        } else {
            daemonText = st.daemon() + (st.synchronised() ? " synchronised" : " NOT synchronised") + ", leap " + st.leap()
                    + (st.offsetMs() == null ? "" : ", offset " + st.offsetMs() + "ms") + " (" + st.detail() + ")";
            if (!st.synchronised()) {
                problems.add(daemonText);
                status = worse(status, Status.WARN);
            } else if (!"Normal".equals(st.leap())) {
                problems.add("leap status " + st.leap());
                status = worse(status, Status.WARN);
            }
            if (st.offsetMs() != null) {
                Threshold o = ctx.settings().threshold("clock-offset");
                Status os = ThresholdJudge.of(Math.abs(st.offsetMs()), o);
                metrics.add(new Metric("offset", st.offsetMs(), "ms", o.warn(), o.crit(), null, null));
                if (os != Status.OK) {
                    problems.add("offset " + st.offsetMs() + "ms");
                }
                status = worse(status, os);
            }
        }
        String skewText = skewMs == null ? "" : "; skew against the controller " + skewMs + "ms";
        String message = status == Status.OK ? daemonText + skewText : String.join("; ", problems);
        return new CheckResult(status, message, metrics, problems);
    }

    private static Status worse(Status a, Status b) {
        return b.severity() > a.severity() ? b : a;
    }
}
