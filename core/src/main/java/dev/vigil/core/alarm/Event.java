package dev.vigil.core.alarm;

/**
 * A change worth telling a receiver: an alarm raised (became firing), updated while firing (its severity
 * or summary changed), or cleared. Silenced events (acked, flapping) are not made at all.
 */
public record Event(Kind kind, Alarm alarm, String at) {
    public enum Kind {
        RAISED, UPDATED, CLEARED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** "2 raised, 1 cleared" (or "no change"). */
    public static String counts(java.util.List<Event> events) {
        java.util.Map<Kind, Long> n = new java.util.EnumMap<>(Kind.class);
        events.forEach(e -> n.merge(e.kind(), 1L, Long::sum));
        return n.isEmpty() ? "no change" : n.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().label())
                .reduce((a, b) -> a + ", " + b).orElse("");
    }
}
