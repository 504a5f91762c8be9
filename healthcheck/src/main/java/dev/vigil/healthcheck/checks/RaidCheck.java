package dev.vigil.healthcheck.checks;

import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Status;
import dev.vigil.healthcheck.Check;
import dev.vigil.healthcheck.CheckContext;
import dev.vigil.healthcheck.CheckResult;
import dev.vigil.healthcheck.Numbers;
import dev.vigil.healthcheck.Settings;
import dev.vigil.healthcheck.parse.MdStat;
import dev.vigil.healthcheck.parse.RaidController;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * RAID, software and hardware. Software RAID is read from {@code /proc/mdstat}: an inactive or degraded array is
 * CRIT; one rebuilding, resyncing or reshaping (or waiting to) is WARN, and so is a failed member still listed in
 * a whole array; a scrub (check) is fine. MegaRAID and PERC controllers are read where storcli or perccli is
 * installed ({@code /call show all J}): a virtual drive degraded or offline, or a physical drive failed or bad,
 * is CRIT; rebuilding or a controller that is not Optimal is WARN. A node with neither is OK, with nothing to look at.
 */
public final class RaidCheck implements Check {
    public static final String PROBE = "if [ -r /proc/mdstat ]; then cat /proc/mdstat; else echo '#no-md'; fi";
    /** storcli, storcli64 or perccli(64), on PATH or where Broadcom's and Dell's packages put them. */
    public static final String CONTROLLER_PROBE = "for t in storcli64 storcli perccli64 perccli /opt/MegaRAID/storcli/storcli64 "
            + "/opt/MegaRAID/perccli/perccli64; do if command -v \"$t\" >/dev/null 2>&1; then \"$t\" /call show all J; exit $?; fi; done; "
            + "echo '#no-raid-tool'";

    @Override
    public String name() {
        return "raid";
    }

    @Override
    public String description() {
        return "RAID: md (/proc/mdstat) degraded, inactive, rebuilding, resyncing; MegaRAID/PERC virtual and physical drives (storcli, perccli)";
    }

    @Override
    public String describe(Settings s) {
        return "inactive or degraded array, VD degraded/offline, PD failed CRIT; recovery/resync/rebuild, failed md member, controller not Optimal WARN";
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        HardwareProbe.Part md = HardwareProbe.of(ctx, "raid");
        HardwareProbe.Part hw = HardwareProbe.of(ctx, "raid-controller");
        if (!md.ok()) {
            return CheckResult.unknown("reading /proc/mdstat failed (exit " + md.exitCode() + ")", md.stderr());
        }
        Status worst = Status.OK;
        List<String> problems = new ArrayList<>();
        List<String> details = new ArrayList<>();
        int arrays = 0;
        int degraded = 0;
        if (!md.stdout().startsWith("#no-md")) {
            for (MdStat.Array a : ctx.parse(md.stdout(), MdStat::parse, "/proc/mdstat")) {
                arrays++;
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
        }
        int controllers = 0;
        if (!hw.stdout().startsWith("#no-raid-tool") && !hw.stdout().isBlank()) {
            List<RaidController.Controller> cs;
            try {
                cs = RaidController.parse(hw.stdout());
            } catch (IllegalArgumentException e) {
                return CheckResult.unknown("could not read storcli/perccli output: " + e.getMessage(), hw.stdout());
            }
            for (RaidController.Controller c : cs) {
                controllers++;
                Status s = judge(c, problems, details);
                degraded += (int) c.virtualDrives().stream().filter(v -> crit(v.state())).count();
                worst = s.severity() > worst.severity() ? s : worst;
            }
        }
        if (arrays == 0 && controllers == 0) {
            return CheckResult.of(Status.OK, "no RAID: no md arrays" + (md.stdout().startsWith("#no-md") ? " (the md driver is not loaded)" : "")
                    + ", no storcli/perccli");
        }
        String what = (arrays > 0 ? arrays + (arrays == 1 ? " md array" : " md arrays") : "")
                + (arrays > 0 && controllers > 0 ? ", " : "") + (controllers > 0 ? controllers + (controllers == 1 ? " controller" : " controllers") : "");
        String msg = what + (problems.isEmpty() ? ", all whole" : ": " + String.join("; ", problems));
        return new CheckResult(worst, msg, List.of(Metric.of("arrays", arrays, null), Metric.of("controllers", controllers, null),
                Metric.of("degraded", degraded, null)), details);
    }

    private static boolean crit(String vdState) {
        String s = vdState.toLowerCase(Locale.ROOT);
        return s.equals("dgrd") || s.equals("pdgd") || s.equals("ofln") || s.startsWith("offline") || s.startsWith("degraded");
    }

    private static Status judge(RaidController.Controller c, List<String> problems, List<String> details) {
        Status worst = Status.OK;
        String name = "controller " + c.index() + (c.model().isEmpty() ? "" : " (" + c.model() + ")");
        details.add(name + ": " + c.status() + ", " + c.virtualDrives().size() + " VDs, " + c.physicalDrives().size() + " PDs");
        if (!c.commandStatus().isEmpty() && !c.commandStatus().equals("Success")) {
            problems.add(name + ": the tool answered " + c.commandStatus());
            return Status.UNKNOWN;
        }
        for (RaidController.Drive v : c.virtualDrives()) {
            String st = v.state().toLowerCase(Locale.ROOT);
            if (crit(v.state())) {
                problems.add(name + " VD " + v.id() + " is " + v.state() + " (" + v.info().strip() + ")");
                worst = Status.CRIT;
            } else if (!st.equals("optl") && !st.equals("optimal")) {
                problems.add(name + " VD " + v.id() + " is " + v.state());
                worst = worst == Status.CRIT ? worst : Status.WARN;
            }
        }
        for (RaidController.Drive p : c.physicalDrives()) {
            String st = p.state().toLowerCase(Locale.ROOT);
            if (st.equals("ubad") || st.equals("offln") || st.startsWith("fail") || st.equals("f")) {
                problems.add(name + " drive " + p.id() + " is " + p.state() + (p.info().isEmpty() ? "" : " (" + p.info() + ")"));
                worst = Status.CRIT;
            } else if (st.equals("rbld") || st.equals("cpybck")) {
                problems.add(name + " drive " + p.id() + " is " + p.state());
                worst = worst == Status.CRIT ? worst : Status.WARN;
            }
        }
        if (!c.status().isEmpty() && !c.status().equals("Optimal") && worst == Status.OK) {
            problems.add(name + " status " + c.status());
            worst = Status.WARN;
        }
        if (c.uncorrectableMemoryErrors() > 0) {
            problems.add(name + ": " + c.uncorrectableMemoryErrors() + " uncorrectable cache memory errors");
            worst = worst == Status.CRIT ? worst : Status.WARN;
        }
        return worst;
    }
}
