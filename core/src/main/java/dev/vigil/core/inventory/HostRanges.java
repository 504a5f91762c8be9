package dev.vigil.core.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Ansible host ranges: {@code node[01:20]}, {@code web-[a:f]}, {@code db[1:9:2]}; nested ranges expand left to right. */
final class HostRanges {
    private static final Pattern RANGE = Pattern.compile("\\[([0-9a-zA-Z]+):([0-9a-zA-Z]+)(?::(\\d+))?]");
    private static final int MAX_HOSTS = 100_000;

    private HostRanges() {
    }

    static List<String> expand(String pattern) {
        Matcher m = RANGE.matcher(pattern);
        if (!m.find()) {
            return List.of(pattern);
        }
        String head = pattern.substring(0, m.start());
        String tail = pattern.substring(m.end());
        String from = m.group(1);
        String to = m.group(2);
        if (m.group(3) != null && m.group(3).length() > 9 || from.length() > 18 || to.length() > 18) {
            throw new IllegalArgumentException("host range '" + pattern + "' expands to too many hosts (at most " + MAX_HOSTS + ")");
        }
        int step = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
        if (step < 1) {
            throw new IllegalArgumentException("host range step must be positive in '" + pattern + "'");
        }
        List<String> items = new ArrayList<>();
        if (from.matches("\\d+") && to.matches("\\d+")) {
            long a = Long.parseLong(from);
            long b = Long.parseLong(to);
            checkOrder(a, b, pattern);
            // counted before anything is built: a typo such as [1:999999999] must not exhaust memory
            if ((b - a) / step + 1 > MAX_HOSTS) {
                throw new IllegalArgumentException("host range '" + pattern + "' expands to too many hosts (at most " + MAX_HOSTS + ")");
            }
            int width = from.startsWith("0") && from.length() > 1 ? from.length() : 0;
            for (long i = a; i <= b; i += step) {
                items.add(width > 0 ? String.format("%0" + width + "d", i) : Long.toString(i));
            }
        } else if (from.length() == 1 && to.length() == 1 && Character.isLetter(from.charAt(0))
                && Character.isLetter(to.charAt(0))) {
            checkOrder(from.charAt(0), to.charAt(0), pattern);
            for (int c = from.charAt(0); c <= to.charAt(0); c += step) {
                items.add(String.valueOf((char) c));
            }
        } else {
            throw new IllegalArgumentException("'" + pattern + "' is not a valid host range");
        }
        List<String> out = new ArrayList<>();
        for (String item : items) {
            for (String rest : expand(tail)) {
                out.add(head + item + rest);
                if (out.size() > MAX_HOSTS) {
                    throw new IllegalArgumentException("host range '" + pattern + "' expands to too many hosts");
                }
            }
        }
        return out;
    }

    private static void checkOrder(long a, long b, String pattern) {
        if (a > b) {
            throw new IllegalArgumentException("host range '" + pattern + "' runs backwards");
        }
    }
}
