package dev.vigil.core.alarm.sink;

import dev.vigil.core.alarm.Alarm;
import dev.vigil.core.alarm.AlarmSink;
import dev.vigil.core.alarm.AlarmStore;
import dev.vigil.core.alarm.Event;
import dev.vigil.core.alarm.Lifecycle;
import dev.vigil.core.alarm.Observation;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every sink must do, against a receiver on loopback: what it is given arrives, in order, with the
 * alarm's node, item and severity; a receiver that is down is an IOException (never a silent success);
 * nothing hangs past the sink's timeout.
 */
abstract class AlarmSinkContract {
    abstract AlarmSink sink() throws Exception;

    /** What the receiver got so far, one string per alarm event it understood, in arrival order. */
    abstract List<String> received() throws Exception;

    abstract void stopReceiver() throws Exception;

    /** Events of alarms on these nodes: raised, then the first one cleared. */
    static List<AlarmStore.Queued> events(String... nodes) {
        Map<String, Alarm> alarms = Map.of();
        List<Event> events = new ArrayList<>();
        Instant t = Instant.parse("2026-12-02T01:00:00Z");
        for (String n : nodes) {
            Lifecycle.Result r = Lifecycle.apply(alarms, List.of(Observation.bad("healthcheck", n, "disk-inodes /var/log", "critical",
                    "inodes at 97% on " + n, Map.of("group", "compute"), null)), t, o -> 1);
            alarms = r.alarms();
            events.addAll(r.events());
        }
        Lifecycle.Result c = Lifecycle.apply(alarms, List.of(Observation.good("healthcheck", nodes[0], "disk-inodes /var/log", "ok")),
                t.plusSeconds(300), o -> 1);
        events.addAll(c.events());
        List<AlarmStore.Queued> q = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            q.add(new AlarmStore.Queued(i + 1, events.get(i)));
        }
        return q;
    }

    static List<Alarm> firing(List<AlarmStore.Queued> events) {
        Map<String, Alarm> now = new java.util.LinkedHashMap<>();
        events.forEach(q -> now.put(q.event().alarm().key(), q.event().alarm()));
        return now.values().stream().filter(Alarm::active).toList();
    }

    @Test
    void whatItIsGivenArrivesInOrderWithNodeItemAndSeverity() throws Exception {
        List<AlarmStore.Queued> ev = events("cna-01", "cna-02", "cna-03");
        sink().deliver(ev, firing(ev));
        List<String> got = awaitAtLeast(3);
        assertThat(String.join("\n", got)).contains("cna-02").contains("disk-inodes /var/log").contains("critical");
        int first = indexOf(got, "cna-02");
        int second = indexOf(got, "cna-03");
        assertThat(first).as(got.toString()).isLessThan(second);
    }

    @Test
    void aReceiverThatIsDownIsAnErrorNotASilentSuccess() throws Exception {
        AlarmSink s = sink();
        stopReceiver();
        List<AlarmStore.Queued> ev = events("cna-09");
        long start = System.nanoTime();
        assertThatThrownBy(() -> s.deliver(ev, firing(ev))).isInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    List<String> awaitAtLeast(int n) throws Exception {
        long end = System.nanoTime() + 5_000_000_000L;
        List<String> got = received();
        while (got.size() < n && System.nanoTime() < end) {
            Thread.sleep(20);
            got = received();
        }
        assertThat(got).hasSizeGreaterThanOrEqualTo(n);
        return got;
    }

    private static int indexOf(List<String> got, String what) {
        for (int i = 0; i < got.size(); i++) {
            if (got.get(i).contains(what)) {
                return i;
            }
        }
        return -1;
    }
}
