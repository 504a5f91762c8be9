package dev.vigil.cli;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Colour for the statuses in a table, on a terminal only: WARN yellow; CRIT, FAIL and the failed
 * outcomes red; UNKNOWN and unreachable magenta. Never when piped, never with NO_COLOR set
 * (no-color.org) or TERM=dumb, so parsed output never carries escapes.
 */
final class Colour {
    private static final Pattern STATUS = Pattern.compile(
            "(?<=^|\\s)(WARN|CRIT|FAIL|UNKNOWN|failed|timed-out|auth-failed|host-key-rejected|unreachable)(?=\\s|$)", Pattern.MULTILINE);

    private Colour() {
    }

    /** Whether this run may colour stdout: the launcher says stdout is a terminal, and the environment does not forbid it. */
    static boolean enabled(Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        return Boolean.getBoolean("vigil.stdout.tty") && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
    }

    static String statuses(String table) {
        Matcher m = STATUS.matcher(table);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String code = switch (m.group(1)) {
                case "WARN" -> "33";
                case "UNKNOWN", "unreachable" -> "35";
                default -> "31";
            };
            m.appendReplacement(b, "\u001b[" + code + "m" + m.group(1) + "\u001b[0m");
        }
        m.appendTail(b);
        return b.toString();
    }
}
