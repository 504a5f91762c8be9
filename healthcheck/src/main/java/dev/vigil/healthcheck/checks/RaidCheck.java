package dev.vigil.healthcheck.checks;

import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Status;
import dev.vigil.healthcheck.Check;
import dev.vigil.healthcheck.CheckContext;
import dev.vigil.healthcheck.CheckResult;
import dev.vigil.healthcheck.Numbers;
import dev.vigil.healthcheck.Settings;
import dev.vigil.healthcheck.parse.MdStat;

import java.util.ArrayList;
import java.util.List;

/**
 * Software RAID from {@code /proc/mdstat}: an inactive or degraded array is CRIT, one rebuilding, resyncing or
 * reshaping (or waiting to) WARN, a failed member still listed in a whole array WARN; a scrub (check) is fine.
 * A node without md is OK with nothing to look at. Hardware RAID controllers (storcli/perccli) are not read.
 */
public final class RaidCheck implements Check {
    public static final String PROBE = "if [ -r /proc/mdstat ]; then cat /proc/mdstat; else echo '#no-md'; fi";

    @Override
    public String name() {
        return "raid";
    }

    @Override
    public String description() {
        return "software RAID (/proc/mdstat): degraded, inactive, rebuilding or resyncing arrays, failed members";
    }

    @Override
    public String describe(Settings s) {
        return "inactive or degraded CRIT; recovery/resync/reshape or a failed member WARN";
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        HardwareProbe.Part r = HardwareProbe.of(ctx, "raid");
        if (!r.ok()) {
            return CheckResult.unknown("reading /proc/mdstat failed (exit " + r.exitCode() + ")", r.stderr());
        }
        if (r.stdout().startsWith("#no-md")) {
            return CheckResult.of(Status.OK, "no software RAID (no /proc/mdstat: the md driver is not loaded)");
        }
        List<MdStat.Array> arrays = ctx.parse(r.stdout(), MdStat::parse, "/proc/mdstat");
        if (arrays.isEmpty()) {
            return CheckResult.of(Status.OK, "no md arrays");
        }
        Status worst = Status.OK;
        List<String> problems = new ArrayList<>();
        List<String> details = new ArrayList<>();
        int degraded = 0;
        for (MdStat.Array a : arrays) {
            Status s = Status.OK;
            String why = null;
            String what = a.name() + (a.level() == null ? "" : " (" + a.level() + ")");
            if (!a.active()) {
                s = Status.CRIT;
                why = what + " is inactive" + (a.failed().isEmpty() ? "" : ", failed " + String.join(", ", a.failed()));
            } else if (a.degraded()) {
                s = Status.CRIT;
                degraded++;
                why = what + " is degraded [" + a.working() + "/" + a.wanted() + "] [" + a.mask() + "]"
                        + (a.failed().isEmpty() ? "" : ", failed " + String.join(", ", a.failed()))
                        + (a.action() != null ? ", " + a.action() + (a.progress() >= 0 ? " " + Numbers.fmt(a.progress()) + "%" : " waiting") : "");
            } else if (a.action() != null && !a.action().equals("check") && !a.action().equals("repair")) {
                s = Status.WARN;
                why = what + " " + a.action() + (a.progress() >= 0 ? " " + Numbers.fmt(a.progress()) + "%" : " pending");
            } else if (!a.failed().isEmpty()) {
                s = Status.WARN;
                why = what + " lists failed member " + String.join(", ", a.failed()) + " (remove and replace it)";
            }
            details.add(a.name() + ": " + (a.active() ? "active" : "inactive") + (a.level() == null ? "" : " " + a.level())
                    + (a.mask() == null ? "" : " [" + a.mask() + "]") + (a.action() == null ? "" : " " + a.action()));
            if (why != null) {
                problems.add(why);
            }
            worst = s.severity() > worst.severity() ? s : worst;
        }
        String msg = arrays.size() + (arrays.size() == 1 ? " array" : " arrays") + (problems.isEmpty() ? ", all whole" : ": " + String.join("; ", problems));
        return new CheckResult(worst, msg, List.of(Metric.of("arrays", arrays.size(), null), Metric.of("degraded", degraded, null)), details);
    }
}
