package dev.vigil.healthcheck.checks;

import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Status;
import dev.vigil.core.transport.ExecResult;
import dev.vigil.core.transport.ShellQuote;
import dev.vigil.healthcheck.Check;
import dev.vigil.healthcheck.CheckContext;
import dev.vigil.healthcheck.CheckResult;
import dev.vigil.healthcheck.Numbers;
import dev.vigil.healthcheck.Settings;
import dev.vigil.healthcheck.ThresholdSpec;
import dev.vigil.healthcheck.hardware.SmartJudge;
import dev.vigil.healthcheck.parse.Smart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SMART of every disk {@code smartctl --scan-open} finds (smartmontools 7+, JSON): {@code smartctl --json -x}
 * per disk with the type the scan gave (megaraid,N ...), judged by {@link SmartJudge} against the counts of
 * the previous saved run, so a growing count warns. A node without smartctl is UNKNOWN, naming the package.
 */
public final class DisksSmartCheck implements Check {
    static final String MARK = "#vigil-smart ";
    /** The first probe: the disks smartctl can open, and their -d types. */
    public static final String SCAN = "command -v smartctl >/dev/null 2>&1 || { echo 'no smartctl' >&2; exit 127; }; smartctl --scan-open --json";

    @Override
    public String name() {
        return "disks-smart";
    }

    @Override
    public String description() {
        return "SMART of every disk (smartctl --json -x): failing verdict, pre-fail attributes and their growth, NVMe health, SAS defects";
    }

    @Override
    public List<ThresholdSpec> thresholds() {
        return List.of(ThresholdSpec.of("smart-reallocated", 10, 200), ThresholdSpec.percent("smart-wear", 80, 95));
    }

    @Override
    public String describe(Settings s) {
        return "FAILED or NVMe critical warning CRIT; pending/uncorrectable/media errors or growth WARN; reallocated "
                + Numbers.fmt(s.threshold("smart-reallocated").warn()) + "/" + Numbers.fmt(s.threshold("smart-reallocated").crit())
                + ", NVMe wear " + Numbers.fmt(s.threshold("smart-wear").warn()) + "/" + Numbers.fmt(s.threshold("smart-wear").crit()) + "%";
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        HardwareProbe.Part scan = HardwareProbe.of(ctx, "smart");
        if (scan.exitCode() == 127) {
            return CheckResult.of(Status.UNKNOWN, "smartctl is not installed (install smartmontools 7 or later: apt install smartmontools / dnf install smartmontools)");
        }
        List<Smart.Device> devices = ctx.parse(scan.stdout(), Smart::scan, "smartctl --scan-open --json");
        if (devices.isEmpty()) {
            return CheckResult.of(Status.OK, "no disk that SMART can read (a VM's virtual disks, or a controller smartctl cannot see through)");
        }
        StringBuilder script = new StringBuilder();
        for (Smart.Device d : devices) {
            script.append("printf '\\n").append(MARK).append("%s\\n' ").append(ShellQuote.quote(d.name() + " " + d.type())).append("; smartctl --json -x -d ")
                    .append(ShellQuote.quote(d.type())).append(' ').append(ShellQuote.quote(d.name())).append("; ");
        }
        ExecResult r = ctx.probe(script.toString());
        if (r.timedOut()) {
            return CheckResult.unknown("smartctl did not finish on every disk in time", r.stdout());
        }
        Map<String, Double> previous = ctx.previousMetrics(name());
        Status worst = Status.OK;
        List<String> problems = new ArrayList<>();
        List<Metric> metrics = new ArrayList<>();
        List<String> details = new ArrayList<>();
        String[] parts = r.stdout().split("\n" + MARK);
        int read = 0;
        for (int i = 1; i < parts.length; i++) {
            int nl = parts[i].indexOf('\n');
            String head = nl < 0 ? parts[i] : parts[i].substring(0, nl);
            String body = nl < 0 ? "" : parts[i].substring(nl + 1);
            String device = head.split(" ")[0];
            String disk = device.replaceFirst("^/dev/", "").replace('/', '_') + (head.contains("megaraid,") ? head.replaceFirst(".*megaraid,", "-") : "");
            Smart.Report rep;
            try {
                rep = Smart.report(body);
            } catch (IllegalArgumentException e) {
                problems.add("UNKNOWN " + disk + ": smartctl answered no JSON");
                worst = Status.UNKNOWN.severity() > worst.severity() ? Status.UNKNOWN : worst;
                continue;
            }
            read++;
            SmartJudge.Verdict v = SmartJudge.judge(rep, disk, previous, ctx.settings().threshold("smart-reallocated"), ctx.settings().threshold("smart-wear"));
            metrics.addAll(v.metrics());
            problems.addAll(v.problems());
            details.add(disk + " (" + head.substring(head.indexOf(' ') + 1) + "): " + (rep.model().isEmpty() ? "" : rep.model() + ", ")
                    + (rep.passed() == null ? "no verdict" : rep.passed() ? "PASSED" : "FAILED"));
            worst = v.status().severity() > worst.severity() ? v.status() : worst;
        }
        details.addAll(problems);
        String msg = read + (read == 1 ? " disk" : " disks") + (problems.isEmpty() ? ", all healthy"
                : ": " + String.join("; ", problems.stream().map(p -> p.substring(p.indexOf(' ') + 1)).limit(6).toList()));
        return new CheckResult(worst, msg, metrics, details);
    }
}
