package dev.vigil.healthcheck;

import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Status;

import java.util.Locale;
import java.util.Map;

/**
 * How an alarm read from another system is matched to an inventory node and judged (pure functions):
 * the node label may be an FQDN with a port ({@code cna-01.example.com:9100}), an IPv4 address with a
 * port, or an IPv6 one in brackets ({@code [::1]:9100}); severities other than critical and warning are
 * mapped (configurable), and one nobody mapped is a warning, never OK.
 */
public final class AlarmMatch {
    /** The usual severities of Alertmanager rules and other systems; healthcheck.alarms.severities adds or overrides. */
    static final Map<String, Status> DEFAULT_SEVERITIES = Map.ofEntries(
            Map.entry("critical", Status.CRIT), Map.entry("error", Status.CRIT), Map.entry("page", Status.CRIT),
            Map.entry("fatal", Status.CRIT), Map.entry("emergency", Status.CRIT), Map.entry("alert", Status.CRIT),
            Map.entry("major", Status.CRIT), Map.entry("high", Status.CRIT),
            Map.entry("warning", Status.WARN), Map.entry("warn", Status.WARN), Map.entry("minor", Status.WARN),
            Map.entry("medium", Status.WARN), Map.entry("low", Status.WARN),
            Map.entry("info", Status.OK), Map.entry("informational", Status.OK), Map.entry("none", Status.OK), Map.entry("ok", Status.OK));

    private AlarmMatch() {
    }

    /** The status of an alarm of this severity: the configured mapping (critical, warning or ok), then the defaults, else WARN. */
    public static Status severity(String raw, Map<String, String> configured) {
        if (raw == null || raw.isBlank()) {
            return Status.WARN;
        }
        String s = raw.strip().toLowerCase(Locale.ROOT);
        if (configured != null && configured.containsKey(s)) {
            return switch (configured.get(s)) {
                case "critical" -> Status.CRIT;
                case "ok" -> Status.OK;
                default -> Status.WARN;
            };
        }
        return DEFAULT_SEVERITIES.getOrDefault(s, Status.WARN);
    }

    /** The host an alarm's node label names: without a port, without IPv6 brackets, lower case. */
    public static String host(String label) {
        if (label == null) {
            return null;
        }
        String h = label.strip();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            h = end > 0 ? h.substring(1, end) : h.substring(1);
        } else if (h.indexOf(':') > 0 && h.indexOf(':') == h.lastIndexOf(':')) {
            h = h.substring(0, h.indexOf(':'));
        }
        return h.toLowerCase(Locale.ROOT);
    }

    /** Whether an alarm labelled {@code label} is this node's: its name or address, or an FQDN whose first label is the name. */
    public static boolean matches(String label, Node node) {
        String h = host(label);
        if (h == null || h.isEmpty()) {
            return false;
        }
        String name = node.name().toLowerCase(Locale.ROOT);
        String address = node.address() == null ? "" : host(node.address());
        if (h.equals(name) || h.equals(address)) {
            return true;
        }
        boolean ip = h.contains(":") || h.matches("[0-9.]+");
        return !ip && h.contains(".") && (h.substring(0, h.indexOf('.')).equals(name) || name.contains(".") && h.startsWith(name + "."));
    }
}
