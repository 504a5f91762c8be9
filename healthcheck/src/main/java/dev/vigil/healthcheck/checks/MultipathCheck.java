package dev.vigil.healthcheck.checks;

import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Status;
import dev.vigil.healthcheck.Check;
import dev.vigil.healthcheck.CheckContext;
import dev.vigil.healthcheck.CheckResult;
import dev.vigil.healthcheck.Settings;
import dev.vigil.healthcheck.parse.Multipath;

import java.util.ArrayList;
import java.util.List;

/**
 * Multipath storage from {@code multipath -ll}: a map with no usable path is CRIT, one with a failed or faulty
 * path WARN (it runs without redundancy). A node without multipath-tools, or without maps, is OK.
 */
public final class MultipathCheck implements Check {
    public static final String PROBE = "command -v multipath >/dev/null 2>&1 || { echo '#no-multipath'; exit 0; }; multipath -ll 2>&1";

    @Override
    public String name() {
        return "multipath";
    }

    @Override
    public String description() {
        return "multipath storage (multipath -ll): failed or faulty paths, maps without a usable path";
    }

    @Override
    public String describe(Settings s) {
        return "every path failed CRIT; a failed/faulty/shaky path WARN";
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        HardwareProbe.Part r = HardwareProbe.of(ctx, "multipath");
        if (r.stdout().startsWith("#no-multipath")) {
            return CheckResult.of(Status.OK, "no multipath storage (multipath-tools is not installed)");
        }
        if (r.stdout().contains("kernel driver not loaded")) {
            return CheckResult.of(Status.OK, "no multipath storage (the dm-multipath driver is not loaded)");
        }
        if (!r.ok()) {
            return CheckResult.unknown("multipath -ll failed (exit " + r.exitCode() + ")", r.stdout());
        }
        List<Multipath.Map> maps = ctx.parse(r.stdout(), Multipath::parse, "multipath -ll");
        if (maps.isEmpty()) {
            return CheckResult.of(Status.OK, "no multipath maps");
        }
        Status worst = Status.OK;
        List<String> problems = new ArrayList<>();
        List<String> details = new ArrayList<>();
        long failed = 0;
        for (Multipath.Map m : maps) {
            long bad = m.failedPaths();
            failed += bad;
            details.add(m.name() + ": " + (m.paths().size() - bad) + "/" + m.paths().size() + " paths usable");
            if (bad == 0) {
                continue;
            }
            Status s = bad >= m.paths().size() ? Status.CRIT : Status.WARN;
            List<String> which = m.paths().stream().filter(Multipath.Path::failed).map(p -> p.device() + " " + p.dmState() + "/" + p.checkerState()).toList();
            problems.add(m.name() + (s == Status.CRIT ? " has no usable path" : " lost " + bad + " of " + m.paths().size() + " paths") + " (" + String.join(", ", which) + ")");
            worst = s.severity() > worst.severity() ? s : worst;
        }
        String msg = maps.size() + (maps.size() == 1 ? " map" : " maps") + (problems.isEmpty() ? ", every path usable" : ": " + String.join("; ", problems));
        return new CheckResult(worst, msg, List.of(Metric.of("maps", maps.size(), null), Metric.of("failed_paths", failed, null)), details);
    }
}
