package dev.vigil.core.alarm;

import java.util.List;
import java.util.Map;

/**
 * One alarm, as the store keeps it. Its identity is (source, node, item): a health check on one node
 * and one mount, a backup of one node, a crash on one node. {@code pending} is a soft state (bad, but not
 * yet on {@code hardAfter} consecutive scans: nobody is told); {@code firing} is raised; {@code cleared}
 * ended (recovered, or cleared by an operator). {@code recent} is the last scans' results, newest last
 * (true: bad), from which flapping is judged.
 *
 * @param severity warning or critical
 * @param report   where the finding that raised or updated it is kept (a report file), or null
 */
public record Alarm(String source, String node, String item, State state, String severity, String summary, Map<String, String> labels,
                    String report, String firstSeen, String lastSeen, String raisedAt, String clearedAt, String clearedBy, int badScans,
                    List<Boolean> recent, boolean flapping, String ackedBy, String ackedAt) {
    public enum State {
        PENDING, FIRING, CLEARED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Alarm {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        recent = recent == null ? List.of() : List.copyOf(recent);
    }

    /** The identity: source/node/item. */
    public String key() {
        return key(source, node, item);
    }

    public static String key(String source, String node, String item) {
        return source + "/" + node + "/" + item;
    }

    public boolean active() {
        return state == State.FIRING;
    }

    public boolean acked() {
        return ackedBy != null;
    }
}
