package dev.vigil.kbox;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The short story of a crash record: what happened (the BUG / Oops / fault line), whether the
 * kernel panicked, the faulting function, the first frames of the call trace, and the uptime the
 * kernel stamped on it. {@link #of} is a pure function of the record's text.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CrashSummary(String kind, String headline, String panic, String function, List<String> trace, String uptime) {
    private static final Pattern PREFIX = Pattern.compile("^(<\\d>)?(\\[\\s*(\\d+\\.\\d+)\\]\\s?)?");
    private static final Pattern RIP = Pattern.compile("(?:RIP: [0-9a-f]{4}:|pc : |PC is at |NIP \\[[0-9a-f]+\\] |EIP is at )(\\S+(?: \\[\\w+\\])?)");
    private static final String[][] KINDS = {
            {"BUG: ", "bug"}, {"kernel BUG at", "bug"}, {"general protection fault", "general-protection-fault"},
            {"Unable to handle kernel", "oops"}, {"Oops:", "oops"}, {"Internal error: Oops", "oops"},
            {"watchdog: BUG: soft lockup", "soft-lockup"}, {"Kernel panic - not syncing", "panic"}, {"WARNING: CPU:", "warning"}};
    static final int TRACE_LINES = 5;

    /** The summary, or null when the text shows no crash at all. */
    public static CrashSummary of(String text) {
        String kind = null;
        String headline = null;
        String panic = null;
        String function = null;
        String uptime = null;
        List<String> trace = new ArrayList<>();
        boolean inTrace = false;
        for (String raw : text.split("\n")) {
            Matcher pm = PREFIX.matcher(raw);
            String stamp = null;
            String line = raw;
            if (pm.find()) {
                stamp = pm.group(3);
                line = raw.substring(pm.end());
            }
            String t = line.strip();
            if (t.startsWith("Kernel panic - not syncing") && panic == null) {
                panic = t;
            }
            if (headline == null) {
                for (String[] k : KINDS) {
                    if (t.startsWith(k[0]) || (k[0].equals("BUG: ") && t.contains("BUG: "))) {
                        headline = t;
                        kind = k[1];
                        uptime = stamp;
                        break;
                    }
                }
            }
            if (function == null) {
                Matcher rm = RIP.matcher(t);
                if (rm.find() && !rm.group(1).startsWith("0x")) {
                    function = rm.group(1);
                }
            }
            if (t.equals("Call Trace:") || t.equals("Call trace:")) {
                inTrace = trace.isEmpty();
                continue;
            }
            if (inTrace) {
                if (t.equals("<TASK>") || t.equals("<IRQ>") || t.equals("</IRQ>") || t.startsWith("? ")) {
                    continue;
                }
                if (!t.contains("+0x")) {
                    inTrace = false;
                    continue;
                }
                trace.add(t);
                inTrace = trace.size() < TRACE_LINES;
            }
        }
        if (headline == null && panic == null) {
            return null;
        }
        if (headline == null) {
            headline = panic;
            kind = "panic";
        }
        return new CrashSummary(kind, headline, panic, function, List.copyOf(trace), uptime);
    }

    /** One line for an index: kind, headline, where, panicked or not. */
    public String oneLine() {
        return kind + ": " + headline + (function != null ? " at " + function : "") + (panic != null ? " (panic)" : "");
    }
}
