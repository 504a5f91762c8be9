package dev.vigil.core.alarm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The alarm lifecycle, a pure function of the alarms and one scan: soft and hard states as Nagios has
 * them, flap damping, and the events to tell receivers.
 *
 * <ul>
 *   <li>A bad item is PENDING until it has been bad on {@code hardAfter} consecutive scans, then FIRING
 *       (one RAISED event). A good scan of a pending item forgets it: nobody was told.</li>
 *   <li>While FIRING a change of severity or summary is one UPDATED event (none while acknowledged).</li>
 *   <li>A firing item the scan found good is CLEARED (one CLEARED event, acknowledged or not: a receiver
 *       that was told of the raise is told of the end).</li>
 *   <li>Flapping: over the last {@value #WINDOW} scans, {@value #FLAP_START} or more changes between good
 *       and bad start it, {@value #FLAP_STOP} or fewer end it. A flapping item is raised once and stays
 *       firing, whatever the scans say, until it stops flapping: one raise and one clear, not a storm.</li>
 *   <li>Items the scan did not examine are left as they are.</li>
 * </ul>
 */
public final class Lifecycle {
    static final int WINDOW = 10;
    static final int FLAP_START = 4;
    static final int FLAP_STOP = 2;

    private Lifecycle() {
    }

    public record Result(Map<String, Alarm> alarms, List<Event> events) {
    }

    /** @param hardAfter how many consecutive bad scans raise an observation's alarm (at least 1) */
    public static Result apply(Map<String, Alarm> current, List<Observation> scan, Instant now, ToIntFunction<Observation> hardAfter) {
        Map<String, Alarm> next = new LinkedHashMap<>(current);
        List<Event> events = new ArrayList<>();
        String at = now.toString();
        Map<String, Observation> seen = new LinkedHashMap<>();
        scan.forEach(o -> seen.merge(o.key(), o, (a, b) -> worse(a, b)));
        for (Observation o : seen.values()) {
            Alarm a = next.get(o.key());
            List<Boolean> recent = new ArrayList<>(a == null ? List.of() : a.recent());
            recent.add(o.isBad());
            while (recent.size() > WINDOW) {
                recent.remove(0);
            }
            int changes = 0;
            for (int i = 1; i < recent.size(); i++) {
                changes += recent.get(i).equals(recent.get(i - 1)) ? 0 : 1;
            }
            boolean flapping = a != null && a.flapping() ? changes > FLAP_STOP : changes >= FLAP_START;
            if (o.isBad()) {
                int need = Math.max(1, hardAfter.applyAsInt(o));
                if (a == null || a.state() == Alarm.State.CLEARED) {
                    int bad = 1;
                    boolean fire = bad >= need || flapping;
                    Alarm n = new Alarm(o.source(), o.node(), o.item(), fire ? Alarm.State.FIRING : Alarm.State.PENDING, o.severity(), o.summary(),
                            o.labels(), o.report(), at, at, fire ? at : null, null, null, bad, recent, flapping, null, null);
                    next.put(o.key(), n);
                    if (fire) {
                        events.add(new Event(Event.Kind.RAISED, n, at));
                    }
                } else if (a.state() == Alarm.State.PENDING) {
                    int bad = a.badScans() + 1;
                    boolean fire = bad >= need || flapping;
                    Alarm n = new Alarm(a.source(), a.node(), a.item(), fire ? Alarm.State.FIRING : Alarm.State.PENDING, o.severity(), o.summary(),
                            o.labels(), o.report(), a.firstSeen(), at, fire ? at : null, null, null, bad, recent, flapping, a.ackedBy(), a.ackedAt());
                    next.put(o.key(), n);
                    if (fire) {
                        events.add(new Event(Event.Kind.RAISED, n, at));
                    }
                } else {
                    boolean changed = !o.severity().equals(a.severity()) || !java.util.Objects.equals(o.summary(), a.summary());
                    Alarm n = new Alarm(a.source(), a.node(), a.item(), Alarm.State.FIRING, o.severity(), o.summary(), o.labels(),
                            o.report() != null ? o.report() : a.report(), a.firstSeen(), at, a.raisedAt(), null, null, a.badScans() + 1, recent,
                            flapping, a.ackedBy(), a.ackedAt());
                    next.put(o.key(), n);
                    if (changed && !n.acked() && !a.flapping()) {
                        events.add(new Event(Event.Kind.UPDATED, n, at));
                    }
                }
            } else if (a != null) {
                if (a.state() == Alarm.State.PENDING) {
                    next.remove(o.key());
                } else if (a.state() == Alarm.State.FIRING && flapping) {
                    next.put(o.key(), with(a, Alarm.State.FIRING, a.lastSeen(), null, null, 0, recent, true));
                } else if (a.state() == Alarm.State.FIRING) {
                    Alarm n = with(a, Alarm.State.CLEARED, a.lastSeen(), at, "recovered", 0, recent, false);
                    next.put(o.key(), n);
                    events.add(new Event(Event.Kind.CLEARED, n, at));
                } else {
                    next.put(o.key(), with(a, Alarm.State.CLEARED, a.lastSeen(), a.clearedAt(), a.clearedBy(), 0, recent, flapping));
                }
            }
        }
        return new Result(next, events);
    }

    /** An operator's ack: notifications of this alarm stop until it clears; it stays in the list. */
    public static Alarm ack(Alarm a, String who, Instant now) {
        return new Alarm(a.source(), a.node(), a.item(), a.state(), a.severity(), a.summary(), a.labels(), a.report(), a.firstSeen(), a.lastSeen(),
                a.raisedAt(), a.clearedAt(), a.clearedBy(), a.badScans(), a.recent(), a.flapping(), who, now.toString());
    }

    /** An operator's clear, for an alarm its source cannot clear (a crash seen once). */
    public static Alarm clear(Alarm a, String who, Instant now) {
        return with(a, Alarm.State.CLEARED, a.lastSeen(), now.toString(), "operator " + who, 0, List.of(), false);
    }

    private static Alarm with(Alarm a, Alarm.State state, String lastSeen, String clearedAt, String clearedBy, int bad, List<Boolean> recent,
                              boolean flapping) {
        return new Alarm(a.source(), a.node(), a.item(), state, a.severity(), a.summary(), a.labels(), a.report(), a.firstSeen(), lastSeen,
                a.raisedAt(), clearedAt, clearedBy, bad, recent, flapping, state == Alarm.State.CLEARED ? null : a.ackedBy(),
                state == Alarm.State.CLEARED ? null : a.ackedAt());
    }

    private static Observation worse(Observation a, Observation b) {
        if (!a.isBad()) {
            return b;
        }
        if (!b.isBad()) {
            return a;
        }
        return "critical".equals(b.severity()) && !"critical".equals(a.severity()) ? b : a;
    }
}
