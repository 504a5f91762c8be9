package dev.vigil.healthcheck.checks;

import dev.vigil.healthcheck.Numbers;

import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Status;
import dev.vigil.healthcheck.Check;
import dev.vigil.healthcheck.ThresholdSpec;
import dev.vigil.healthcheck.CheckContext;
import dev.vigil.healthcheck.CheckResult;
import dev.vigil.healthcheck.HealthcheckConfig.Threshold;
import dev.vigil.healthcheck.ThresholdJudge;
import dev.vigil.healthcheck.Settings;
import dev.vigil.healthcheck.parse.CpuStats;

import java.util.List;

/** CPU busy percent sampled over an interval from /proc/stat, with the load average beside it. */
public final class CpuCheck implements Check {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String description() {
        return "CPU busy % sampled over an interval from /proc/stat (load average shown beside it)";
    }

    /** The platform's figures (DESIGN.md): CPU or memory over 80% raises an alarm. */
    @Override
    public List<ThresholdSpec> thresholds() {
        return List.of(ThresholdSpec.percent("cpu", 80, 95));
    }

    @Override
    public String describe(Settings s) {
        Threshold t = s.threshold("cpu");
        return t.describe("%") + " busy over "
                + dev.vigil.core.config.Durations.format(s.cpuInterval());
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        long ms = ctx.settings().cpuInterval().toMillis();
        String out = ctx.probeOk(CpuStats.script(ms), "the CPU probe");
        CpuStats.Sample s = ctx.parse(out, CpuStats::parse, "/proc/stat");
        Threshold t = ctx.settings().threshold("cpu");
        Status status = ThresholdJudge.of(s.busyPct(), t);
        return new CheckResult(status, "busy " + Numbers.fmt(s.busyPct()) + "% over " + ms + "ms (" + s.cpus() + " CPUs, load "
                + s.load1() + " " + s.load5() + " " + s.load15() + ")",
                List.of(Metric.percent("busy", s.busyPct(), t.warn(), t.crit()), Metric.of("load1", s.load1(), null),
                        Metric.of("cpus", s.cpus(), null)), List.of());
    }
}
