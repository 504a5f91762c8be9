package dev.vigil.healthcheck.checks;

import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Status;
import dev.vigil.healthcheck.Check;
import dev.vigil.healthcheck.CheckContext;
import dev.vigil.healthcheck.CheckResult;
import dev.vigil.healthcheck.Settings;
import dev.vigil.healthcheck.parse.Edac;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ECC memory errors from the kernel's EDAC counters (/sys/devices/system/edac/mc/mc*, per DIMM where the
 * driver gives them): any uncorrectable error is CRIT; correctable errors that grew since the last saved run
 * WARN (a DIMM starting to fail), naming the DIMM by its label. MCE and EDAC lines in the kernel log are the
 * logs check's (signature "hardware-error"). A node without an EDAC driver is OK, said so.
 */
public final class MemoryErrorsCheck implements Check {
    public static final String PROBE = "d=/sys/devices/system/edac/mc; if [ -d $d ] && ls -d $d/mc* >/dev/null 2>&1; then "
            + "for f in $d/mc*/ce_count $d/mc*/ue_count $d/mc*/ce_noinfo_count $d/mc*/ue_noinfo_count $d/mc*/dimm*/dimm_ce_count "
            + "$d/mc*/dimm*/dimm_ue_count $d/mc*/dimm*/dimm_label $d/mc*/csrow*/ce_count $d/mc*/csrow*/ue_count; do "
            + "[ -r \"$f\" ] && printf '%s %s\\n' \"$f\" \"$(cat \"$f\" 2>/dev/null)\"; done; else echo '#no-edac'; fi";

    @Override
    public String name() {
        return "memory-errors";
    }

    @Override
    public String description() {
        return "ECC memory errors (EDAC counters per controller and DIMM): uncorrectable, and correctable ones that grow";
    }

    @Override
    public String describe(Settings s) {
        return "any uncorrectable error CRIT; correctable errors grown since the last run WARN";
    }

    /** Whether a controller's counters are also given per DIMM or csrow (then those are named, not the sum). */
    private static boolean hasChildren(Edac.Counters c, String controller) {
        return c.counters().keySet().stream().anyMatch(k -> k.startsWith(controller + ".") && k.split("\\.").length > 2);
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        HardwareProbe.Part r = HardwareProbe.of(ctx, "edac");
        if (r.stdout().startsWith("#no-edac")) {
            return CheckResult.of(Status.OK, "no EDAC memory controller (no ECC memory, or its EDAC driver is not loaded): nothing reports ECC errors");
        }
        Edac.Counters c = ctx.parse(r.stdout(), Edac::parse, "the EDAC counters");
        Map<String, Double> before = ctx.previousMetrics(name());
        long ue = c.total("ue_count");
        long ce = c.total("ce_count");
        Status worst = Status.OK;
        List<String> problems = new ArrayList<>();
        List<Metric> metrics = new ArrayList<>();
        List<String> details = new ArrayList<>();
        for (Map.Entry<String, Long> e : c.counters().entrySet()) {
            metrics.add(Metric.of(e.getKey(), e.getValue(), null));
            String where = e.getKey().substring(0, e.getKey().lastIndexOf('.'));
            String label = c.labels().getOrDefault(where, "");
            String name = where + (label.isEmpty() ? "" : " (" + label + ")");
            boolean perDimm = where.contains(".");
            if (e.getKey().endsWith("ue_count") && e.getValue() > 0 && (perDimm || !hasChildren(c, where))) {
                problems.add(e.getValue() + " uncorrectable errors on " + name);
                worst = Status.CRIT;
            }
            Double was = before.get(e.getKey());
            if (e.getKey().endsWith("ce_count") && was != null && e.getValue() > was && (perDimm || !hasChildren(c, where))) {
                problems.add("correctable errors on " + name + " grew from " + was.longValue() + " to " + e.getValue());
                worst = worst == Status.CRIT ? worst : Status.WARN;
            }
        }
        if (ue > 0 && worst != Status.CRIT) {
            problems.add(ue + " uncorrectable errors");
            worst = Status.CRIT;
        }
        details.add("correctable " + ce + ", uncorrectable " + ue);
        String msg = (problems.isEmpty() ? ce + " correctable, 0 uncorrectable errors" + (before.isEmpty() ? "" : ", none new since the last run")
                : String.join("; ", problems));
        return new CheckResult(worst, msg, metrics, details);
    }
}
