package dev.vigil.core.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses operator-written durations: "500ms", "30s", "5m", "2h", "1d", "1h30m"; a bare number is seconds. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");
    /** Longer than any deadline an operator means; past it, nanosecond arithmetic downstream would overflow. */
    public static final Duration MAX = Duration.ofDays(366);

    private Durations() {
    }

    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty duration");
        }
        String s = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.matches("\\d{1,12}")) {
            return capped(Duration.ofSeconds(Long.parseLong(s)), text);
        }
        Matcher m = PART.matcher(s);
        Duration total = Duration.ZERO;
        int pos = 0;
        while (m.find()) {
            if (m.start() != pos) {
                break;
            }
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms": total = total.plusMillis(n); break;
                case "s": total = total.plusSeconds(n); break;
                case "m": total = total.plusMinutes(n); break;
                case "h": total = total.plusHours(n); break;
                default: total = total.plusDays(n); break;
            }
            pos = m.end();
        }
        if (pos != s.length() || pos == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 500ms, 30s, 5m, 2h, 1h30m)");
        }
        return capped(total, text);
    }

    private static Duration capped(Duration d, String text) {
        if (d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too long (at most 366d)");
        }
        return d;
    }

    /** The shortest exact rendering in the same notation, e.g. "90s" becomes "1m30s". */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};
        String[] names = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            if (ms >= units[i]) {
                sb.append(ms / units[i]).append(names[i]);
                ms %= units[i];
            }
        }
        return sb.toString();
    }
}
