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
import dev.vigil.healthcheck.parse.MountStats;

import java.util.ArrayList;
import java.util.List;

/** Shared by disk-space and disk-inodes: one probe of every real mount, judged per mount. */
abstract class MountUsageCheck implements Check {
    /** Per-mount deadline of the probe: a hung mount is reported after this long. */
    static final int MOUNT_DEADLINE_TENTHS = 50;

    abstract Double value(MountStats.Mount m);

    abstract String what();

    @Override
    public List<ThresholdSpec> thresholds() {
        return List.of(ThresholdSpec.percent(name(), 80, 90));
    }

    @Override
    public String describe(Settings s) {
        Threshold t = s.threshold(name());
        return t.describe("%") + " (per mount overridable); a mount not answering in 5s is CRIT";
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        String out = ctx.probeOk(MountStats.script(MOUNT_DEADLINE_TENTHS), "the filesystem probe");
        List<MountStats.Mount> mounts = ctx.parse(out, MountStats::parse, "the filesystem probe");
        List<Metric> metrics = new ArrayList<>();
        List<String> details = new ArrayList<>();
        Status worst = Status.OK;
        String worstText = null;
        double highest = -1;
        String highestMount = null;
        int judged = 0;
        for (MountStats.Mount m : mounts) {
            Status s;
            String text;
            if (m.state() == MountStats.State.HUNG) {
                s = Status.CRIT;
                text = m.mountPoint() + " (" + m.fsType() + ") does not answer: hung mount";
            } else if (m.state() == MountStats.State.ERROR) {
                s = Status.UNKNOWN;
                text = m.mountPoint() + ": cannot stat: " + m.error();
            } else {
                Double v = value(m);
                if (v == null) {
                    continue;
                }
                judged++;
                Threshold t = ctx.settings().threshold(name(), m.mountPoint());
                s = ThresholdJudge.of(v, t);
                metrics.add(Metric.percent(m.mountPoint(), v, t.warn(), t.crit()));
                text = m.mountPoint() + " " + Numbers.fmt(v) + "% " + what() + " (warn " + Numbers.fmt(t.warn()) + ", crit " + Numbers.fmt(t.crit()) + ")";
                if (v > highest) {
                    highest = v;
                    highestMount = m.mountPoint();
                }
            }
            if (s != Status.OK) {
                details.add(s + " " + text);
            }
            if (s.severity() > worst.severity()) {
                worst = s;
                worstText = text;
            }
        }
        if (judged == 0 && worst == Status.OK) {
            return CheckResult.unknown("no filesystem to judge", out);
        }
        String message = worst == Status.OK
                ? judged + (judged == 1 ? " filesystem" : " filesystems") + " below the thresholds; highest " + highestMount + " " + Numbers.fmt(highest) + "% " + what()
                : worstText + (details.size() > 1 ? " and " + (details.size() - 1) + " more" : "");
        return new CheckResult(worst, message, metrics, details);
    }
}
