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
import dev.vigil.healthcheck.parse.MemInfo;
import dev.vigil.healthcheck.parse.MountStats;

import java.util.ArrayList;
import java.util.List;

/** Memory used (from MemAvailable) and swap used, from /proc/meminfo. */
public final class MemoryCheck implements Check {
    @Override
    public String name() {
        return "memory";
    }

    @Override
    public String description() {
        return "memory used % from MemAvailable, and swap used %";
    }

    @Override
    public List<ThresholdSpec> thresholds() {
        return List.of(ThresholdSpec.percent("memory", 80, 95), ThresholdSpec.percent("swap", 50, 80));
    }

    @Override
    public String describe(Settings s) {
        Threshold m = s.threshold("memory");
        Threshold w = s.threshold("swap");
        return "memory " + m.describe("%") + "; swap " + w.describe("%");
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        String out = ctx.probeOk("cat /proc/meminfo", "/proc/meminfo");
        MemInfo.Usage u = ctx.parse(out, MemInfo::parse, "/proc/meminfo");
        Threshold mt = ctx.settings().threshold("memory");
        Status status = ThresholdJudge.of(u.usedPct(), mt);
        List<Metric> metrics = new ArrayList<>();
        metrics.add(Metric.percent("memory", u.usedPct(), mt.warn(), mt.crit()));
        String message = "memory " + Numbers.fmt(u.usedPct()) + "% used of " + MountStats.human(u.totalKb() * 1024)
                + " (" + MountStats.human(u.availableKb() * 1024) + " available)";
        if (u.swapUsedPct() != null) {
            Threshold st = ctx.settings().threshold("swap");
            Status ss = ThresholdJudge.of(u.swapUsedPct(), st);
            metrics.add(Metric.percent("swap", u.swapUsedPct(), st.warn(), st.crit()));
            message += ", swap " + Numbers.fmt(u.swapUsedPct()) + "% used";
            status = ss.severity() > status.severity() ? ss : status;
        } else {
            message += ", no swap";
        }
        return new CheckResult(status, message, metrics, List.of());
    }
}
