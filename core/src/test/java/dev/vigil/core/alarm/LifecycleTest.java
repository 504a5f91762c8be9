package dev.vigil.core.alarm;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The lifecycle: soft and hard states, clear on recovery, flap damping, ack and clear; properties over any sequence of scans. */
class LifecycleTest {
    private static final Instant T0 = Instant.parse("2026-12-02T01:00:00Z");

    private static Observation bad(String sev) {
        return Observation.bad("healthcheck", "cna-07", "disk-inodes /var/log", sev, "inodes at 91%", Map.of(), null);
    }

    private static Observation good() {
        return Observation.good("healthcheck", "cna-07", "disk-inodes /var/log", "inodes at 40%");
    }

    /** Runs the scans one after the other (one observation each), returning every event. */
    private static List<Event> run(List<Observation> scans, int hardAfter, Map<String, Alarm>[] end) {
        Map<String, Alarm> alarms = Map.of();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < scans.size(); i++) {
            Lifecycle.Result r = Lifecycle.apply(alarms, List.of(scans.get(i)), T0.plusSeconds(300L * i), o -> hardAfter);
            alarms = r.alarms();
            events.addAll(r.events());
        }
        if (end != null) {
            end[0] = alarms;
        }
        return events;
    }

    @Test
    void anItemIsRaisedOnlyAfterNConsecutiveBadScans_andClearedWhenItRecovers() {
        @SuppressWarnings("unchecked")
        Map<String, Alarm>[] end = new Map[1];
        List<Event> events = run(List.of(bad("warning"), bad("warning"), good(), bad("warning"), bad("warning"), bad("warning")), 3, end);
        assertThat(events).extracting(Event::kind).containsExactly(Event.Kind.RAISED);
        Alarm a = end[0].get("healthcheck/cna-07/disk-inodes /var/log");
        assertThat(a.state()).isEqualTo(Alarm.State.FIRING);
        assertThat(a.firstSeen()).as("the good scan forgot the first two").isEqualTo(T0.plusSeconds(900).toString());
        List<Event> cleared = run(List.of(bad("critical"), good()), 1, end);
        assertThat(cleared).extracting(Event::kind).containsExactly(Event.Kind.RAISED, Event.Kind.CLEARED);
        assertThat(end[0].values().iterator().next().clearedBy()).isEqualTo("recovered");
    }

    @Test
    void aWorseSeverityIsOneUpdate_noneWhileAcked() {
        Lifecycle.Result r = Lifecycle.apply(Map.of(), List.of(bad("warning")), T0, o -> 1);
        Lifecycle.Result up = Lifecycle.apply(r.alarms(), List.of(bad("critical")), T0.plusSeconds(60), o -> 1);
        assertThat(up.events()).extracting(Event::kind).containsExactly(Event.Kind.UPDATED);
        Alarm acked = Lifecycle.ack(up.alarms().values().iterator().next(), "ops", T0.plusSeconds(90));
        Lifecycle.Result quiet = Lifecycle.apply(Map.of(acked.key(), acked), List.of(bad("warning")), T0.plusSeconds(120), o -> 1);
        assertThat(quiet.events()).isEmpty();
        assertThat(quiet.alarms().get(acked.key()).ackedBy()).isEqualTo("ops");
        Lifecycle.Result clear = Lifecycle.apply(quiet.alarms(), List.of(good()), T0.plusSeconds(180), o -> 1);
        assertThat(clear.events()).as("a receiver told of the raise is told of the end, acked or not").extracting(Event::kind)
                .containsExactly(Event.Kind.CLEARED);
    }

    @Test
    void flappingIsRaisedOnceAndClearedOnce() {
        List<Observation> flap = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            flap.add(i % 2 == 0 ? bad("warning") : good());
        }
        for (int i = 0; i < 10; i++) {
            flap.add(good());
        }
        List<Event> events = run(flap, 1, null);
        long raised = events.stream().filter(e -> e.kind() == Event.Kind.RAISED).count();
        long cleared = events.stream().filter(e -> e.kind() == Event.Kind.CLEARED).count();
        assertThat(raised).as(events.toString()).isLessThanOrEqualTo(3);
        assertThat(cleared).isEqualTo(raised);
        assertThat(events.size()).as("twenty scans flapping at first: not twenty notifications").isLessThan(8);
    }

    @Test
    void anItemTheScanDidNotExamineIsLeftAsItIs() {
        Lifecycle.Result r = Lifecycle.apply(Map.of(), List.of(bad("critical")), T0, o -> 1);
        Lifecycle.Result other = Lifecycle.apply(r.alarms(), List.of(Observation.good("healthcheck", "cna-08", "disk-inodes /var/log", "ok")),
                T0.plusSeconds(60), o -> 1);
        assertThat(other.events()).isEmpty();
        assertThat(other.alarms().get("healthcheck/cna-07/disk-inodes /var/log").state()).isEqualTo(Alarm.State.FIRING);
    }

    @Provide
    Arbitrary<List<Boolean>> scans() {
        return Arbitraries.of(true, false).list().ofMinSize(1).ofMaxSize(60);
    }

    /** Raises and clears alternate, starting with a raise; an alarm is firing at the end exactly when raises outnumber clears. */
    @Property(tries = 500)
    void raisesAndClearsAlternate(@ForAll("scans") List<Boolean> badScans, @ForAll @IntRange(min = 1, max = 4) int hardAfter) {
        List<Observation> scans = badScans.stream().map(b -> b ? bad("warning") : good()).toList();
        @SuppressWarnings("unchecked")
        Map<String, Alarm>[] end = new Map[1];
        List<Event> events = run(scans, hardAfter, end);
        Event.Kind expect = Event.Kind.RAISED;
        for (Event e : events) {
            if (e.kind() == Event.Kind.UPDATED) {
                continue;
            }
            assertThat(e.kind()).as(badScans + " -> " + events).isEqualTo(expect);
            expect = expect == Event.Kind.RAISED ? Event.Kind.CLEARED : Event.Kind.RAISED;
        }
        Alarm a = end[0].get("healthcheck/cna-07/disk-inodes /var/log");
        boolean firing = a != null && a.active();
        assertThat(firing).isEqualTo(expect == Event.Kind.CLEARED);
        assertThat(end[0]).hasSizeLessThanOrEqualTo(1);
    }

    /** Never raised before hard_after consecutive bad scans (unless it flaps, which needs changes it cannot have had). */
    @Property(tries = 300)
    void neverRaisedBeforeNBadInARow(@ForAll @IntRange(min = 2, max = 6) int hardAfter, @ForAll @Size(max = 20) List<@IntRange(min = 1, max = 5) Integer> runs) {
        List<Observation> scans = new ArrayList<>();
        for (int r : runs) {
            for (int i = 0; i < Math.min(r, hardAfter - 1); i++) {
                scans.add(bad("critical"));
            }
            for (int i = 0; i < 4; i++) {
                scans.add(good());
            }
        }
        assertThat(run(scans, hardAfter, null)).as("bursts shorter than " + hardAfter + ", each followed by a calm").isEmpty();
    }
}
