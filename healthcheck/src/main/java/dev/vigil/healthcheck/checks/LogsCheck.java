package dev.vigil.healthcheck.checks;

import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Status;
import dev.vigil.core.transport.ShellQuote;
import dev.vigil.healthcheck.Check;
import dev.vigil.healthcheck.CheckContext;
import dev.vigil.healthcheck.CheckResult;
import dev.vigil.healthcheck.HealthcheckConfig;
import dev.vigil.healthcheck.HealthcheckConfig.LogPattern;
import dev.vigil.healthcheck.Settings;
import dev.vigil.healthcheck.parse.LogLines;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Error signatures in the system logs (files and journald) since the previous saved run or
 * {@code --since}: kernel BUG/Oops/panic, I/O and filesystem errors (CRIT), OOM kills, segfaults
 * and call traces (WARN), plus configured patterns. The node greps; the controller classifies.
 */
public final class LogsCheck implements Check {
    static final List<LogPattern> DEFAULT_PATTERNS = List.of(
            new LogPattern("kernel-bug", "(BUG: |Oops|general protection fault|Kernel panic)", "crit"),
            new LogPattern("io-error", "(I/O error|blk_update_request|Buffer I/O error|critical medium error)", "crit"),
            new LogPattern("fs-error", "(EXT4-fs error|XFS .*(error|[Cc]orruption)|BTRFS error|[Rr]emounting filesystem read-only)", "crit"),
            new LogPattern("oom-kill", "(Out of memory|oom-kill|Killed process [0-9]+)", "warn"),
            new LogPattern("segfault", "segfault at", "warn"),
            new LogPattern("call-trace", "Call Trace:", "warn"),
            new LogPattern("memory-ue", "(EDAC [^ ]+: [0-9]+ UE |Uncorrected hardware memory error|Memory failure: )", "crit"),
            new LogPattern("hardware-error", "(mce: |\\[Hardware Error\\]|EDAC [^ ]+: [0-9]+ CE |Machine check events logged)", "warn"),
            new LogPattern("hung-task", "blocked for more than [0-9]+ seconds", "warn"));
    static final List<String> DEFAULT_FILES = List.of("/var/log/messages", "/var/log/syslog", "/var/log/kern.log");
    static final int MAX_LINES = 500;
    static final int SAMPLES = 5;

    @Override
    public String name() {
        return "logs";
    }

    @Override
    public String description() {
        return "error signatures (kernel, OOM, I/O, filesystem, segfault, call trace, MCE/EDAC, hung tasks, configured) in log files and journald since the last run";
    }

    @Override
    public String describe(Settings s) {
        return patterns(s.config()).stream().map(p -> p.name() + "=" + (p.severity() == null ? "warn" : p.severity()))
                .collect(Collectors.joining(", "));
    }

    public static List<LogPattern> patterns(HealthcheckConfig c) {
        List<LogPattern> out = new ArrayList<>(DEFAULT_PATTERNS);
        if (c.logs() != null && c.logs().patterns() != null) {
            out.addAll(c.logs().patterns());
        }
        return out;
    }

    public static String script(List<String> files, boolean journal, List<LogPattern> patterns, Instant since) {
        String combined = patterns.stream().map(LogPattern::regex).collect(Collectors.joining("|"));
        String re = ShellQuote.quote(combined);
        StringBuilder sb = new StringBuilder();
        for (String f : files) {
            String q = ShellQuote.quote(f);
            sb.append("if [ -r ").append(q).append(" ]; then printf '#file %s\\n' ").append(q).append("; grep -E -h -e ").append(re)
                    .append(" -- ").append(q).append(" 2>/dev/null | tail -n ").append(MAX_LINES).append("; else printf '#missing %s\\n' ")
                    .append(q).append("; fi; ");
        }
        if (journal) {
            // a journalctl with no journal behind it (volatile storage lost, a container) reads nothing: say so, never "OK"
            sb.append("if command -v journalctl >/dev/null 2>&1; then if [ -n \"$(journalctl --no-pager -q -n 1 -o cat 2>/dev/null | head -c 1)\" ];"
                    + " then echo '#journal'; journalctl --no-pager -q -o short-iso --since @")
                    .append(since.getEpochSecond()).append(" 2>/dev/null | grep -E -e ").append(re).append(" | tail -n ")
                    .append(MAX_LINES).append("; else echo '#journal-empty'; fi; else echo '#journal-absent'; fi; ");
        }
        return sb.append("exit 0").toString();
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        HealthcheckConfig c = ctx.settings().config();
        boolean configured = c.logs() != null && c.logs().files() != null;
        List<String> files = configured ? c.logs().files() : DEFAULT_FILES;
        boolean journal = c.logs() == null || c.logs().journal() == null || c.logs().journal();
        List<LogPattern> patterns = patterns(c);
        Instant since = ctx.env().logsSince();
        String out = ctx.probeOk(script(files, journal, patterns, since), "the log scan");
        Map<String, Integer> counts = new LinkedHashMap<>();
        patterns.forEach(p -> counts.put(p.name(), 0));
        List<String> samples = new ArrayList<>();
        Status status = Status.OK;
        List<Pattern> compiled = patterns.stream().map(p -> Pattern.compile(p.regex())).toList();
        List<String> sources = new ArrayList<>();
        List<String> notRead = new ArrayList<>();
        // what the operator configured and could not be read makes the check UNKNOWN; the defaults are only named
        boolean journalAsked = c.logs() != null && Boolean.TRUE.equals(c.logs().journal());
        boolean missedConfigured = false;
        Instant now = ctx.now();
        for (String line : out.split("\n")) {
            if (line.startsWith("#file ")) {
                sources.add(line.substring(6));
                continue;
            }
            if (line.startsWith("#missing ")) {
                if (configured) {
                    notRead.add(line.substring(9) + " (missing or unreadable)");
                    missedConfigured = true;
                }
                continue;
            }
            if (line.equals("#journal")) {
                sources.add("journal");
                continue;
            }
            if (line.equals("#journal-empty")) {
                notRead.add("the journal (journalctl finds no entries)");
                missedConfigured |= journalAsked;
                continue;
            }
            if (line.equals("#journal-absent")) {
                if (journalAsked) {
                    notRead.add("the journal (no journalctl on the node)");
                    missedConfigured = true;
                }
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            Instant t = LogLines.timestamp(line, ZoneId.systemDefault(), now);
            if (t == null || t.isBefore(since)) {
                continue;
            }
            for (int i = 0; i < patterns.size(); i++) {
                if (compiled.get(i).matcher(line).find()) {
                    LogPattern p = patterns.get(i);
                    counts.merge(p.name(), 1, Integer::sum);
                    Status s = "crit".equals(p.severity()) ? Status.CRIT : Status.WARN;
                    status = s.severity() > status.severity() ? s : status;
                    if (samples.size() < SAMPLES) {
                        samples.add(p.name() + ": " + (line.length() > 200 ? line.substring(0, 200) + "..." : line));
                    }
                    break;
                }
            }
        }
        List<Metric> metrics = new ArrayList<>();
        counts.forEach((k, v) -> metrics.add(Metric.of(k, v, null)));
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        String where = sources.isEmpty() ? "no readable log file or journal" : String.join(", ", sources);
        String message = total == 0 ? "no error signatures since " + since + " in " + where
                : total + " error lines since " + since + ": " + counts.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        if (sources.isEmpty()) {
            // nothing was read: said as such, never "no error signatures"
            return new CheckResult(Status.UNKNOWN, "nothing to read: none of " + String.join(", ", files) + " is readable"
                    + (journal ? (notRead.isEmpty() ? " and journald is not there" : "; not read: " + String.join(", ", notRead)) : ""),
                    metrics, List.of("looked in: " + String.join(", ", files) + (journal ? " and journald" : "")));
        }
        if (!notRead.isEmpty()) {
            // what was configured but could not be read is said plainly, and is not "OK"
            message = message + "; not read: " + String.join(", ", notRead);
            if (missedConfigured) {
                status = Status.UNKNOWN.severity() > status.severity() ? Status.UNKNOWN : status;
            }
            List<String> details = new ArrayList<>(samples);
            notRead.forEach(n -> details.add("not read: " + n));
            return new CheckResult(status, message, metrics, details);
        }
        return new CheckResult(status, message, metrics, samples);
    }
}
