package dev.vigil.healthcheck.parse;

import java.util.HashMap;
import java.util.Map;

/**
 * Which time daemon a node runs and what it says: chrony ({@code chronyc -n tracking}),
 * systemd-timesyncd ({@code timedatectl show}) or ntpd ({@code ntpq -pn}), tried in that order.
 */
public final class TimeSync {
    /** offsetMs null where the daemon does not report one; daemon "none" when no daemon answers. */
    public record State(String daemon, boolean running, boolean synchronised, String leap, Double offsetMs, String detail) {
    }

    public static final String SCRIPT = String.join("; ",
            "if command -v chronyc >/dev/null 2>&1; then echo '#chrony'; chronyc -n tracking 2>&1; echo \"#rc=$?\"; fi",
            "if command -v timedatectl >/dev/null 2>&1; then echo '#timedatectl'; timedatectl show 2>&1; echo \"#rc=$?\"; fi",
            "if command -v ntpq >/dev/null 2>&1; then echo '#ntpq'; ntpq -pn 2>&1; echo \"#rc=$?\"; fi",
            "echo '#end'");

    private TimeSync() {
    }

    /** The first daemon that answers; if none does, "none" with what was seen. */
    public static State parse(String output) {
        Map<String, String> sections = new HashMap<>();
        Map<String, Integer> codes = new HashMap<>();
        String current = null;
        StringBuilder body = new StringBuilder();
        for (String line : output.split("\n")) {
            if (line.startsWith("#rc=") && current != null) {
                sections.put(current, body.toString());
                codes.put(current, Integer.parseInt(line.substring(4).trim()));
                current = null;
            } else if (line.startsWith("#") && !line.startsWith("#rc=")) {
                current = line.substring(1).trim();
                body.setLength(0);
            } else if (current != null) {
                body.append(line).append('\n');
            }
        }
        StringBuilder seen = new StringBuilder();
        if (sections.containsKey("chrony")) {
            if (codes.get("chrony") == 0) {
                return chrony(sections.get("chrony"));
            }
            seen.append("chronyc: ").append(firstLine(sections.get("chrony"))).append("; ");
        }
        if (sections.containsKey("timedatectl") && codes.get("timedatectl") == 0) {
            State s = timedatectl(sections.get("timedatectl"));
            if (s.running()) {
                return s;
            }
            seen.append("timedatectl: NTP service inactive; ");
        } else if (sections.containsKey("timedatectl")) {
            seen.append("timedatectl: ").append(firstLine(sections.get("timedatectl"))).append("; ");
        }
        if (sections.containsKey("ntpq")) {
            if (codes.get("ntpq") == 0) {
                return ntpq(sections.get("ntpq"));
            }
            seen.append("ntpq: ").append(firstLine(sections.get("ntpq"))).append("; ");
        }
        String detail = seen.length() == 0 ? "no chronyc, timedatectl or ntpq on the node" : seen.substring(0, seen.length() - 2);
        return new State("none", false, false, null, null, detail);
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    /** {@code chronyc -n tracking}: "Leap status : Normal", "System time : 0.000012 seconds slow of NTP time". */
    static State chrony(String text) {
        Map<String, String> kv = new HashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                kv.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        String leap = kv.get("Leap status");
        if (leap == null) {
            throw new IllegalArgumentException("no 'Leap status' in chronyc tracking output");
        }
        Double offset = null;
        String sys = kv.get("System time");
        if (sys != null) {
            String[] f = sys.split("\\s+");
            double seconds = Double.parseDouble(f[0]);
            // "slow of NTP time": the clock is behind, a negative offset
            offset = MountStats.round((sys.contains("slow") ? -seconds : seconds) * 1000.0 * 1000) / 1000;
        }
        boolean synced = !leap.equals("Not synchronised");
        String ref = kv.getOrDefault("Reference ID", "?");
        return new State("chrony", true, synced, leap, offset, "reference " + ref + ", stratum " + kv.getOrDefault("Stratum", "?"));
    }

    /** {@code timedatectl show}: NTP=yes, NTPSynchronized=yes. It reports no offset. */
    static State timedatectl(String text) {
        Map<String, String> kv = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                kv.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        boolean running = "yes".equals(kv.get("NTP"));
        boolean synced = "yes".equals(kv.get("NTPSynchronized"));
        return new State("systemd-timesyncd", running, synced, synced ? "Normal" : "Not synchronised", null,
                "timezone " + kv.getOrDefault("Timezone", "?"));
    }

    /**
     * {@code ntpq -pn}: the peer marked '*' is the one the clock follows; its offset column is in
     * milliseconds. No '*' peer: not synchronised.
     */
    static State ntpq(String text) {
        for (String line : text.split("\n")) {
            if (line.startsWith("*")) {
                String[] f = line.substring(1).trim().split("\\s+");
                // remote refid st t when poll reach delay offset jitter
                if (f.length >= 10) {
                    return new State("ntpd", true, true, "Normal", Double.parseDouble(f[8]), "peer " + f[0] + ", stratum " + f[2]);
                }
            }
        }
        return new State("ntpd", true, false, "Not synchronised", null, "no selected peer (no '*' in ntpq -pn)");
    }
}
