package dev.vigil.core.alarm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The store: one transaction at a time across threads, 0600, survives a restart; the outbox delivers in order, once, after a receiver is back. */
class AlarmStoreTest {
    @TempDir
    Path dir;

    private static Observation bad(String node) {
        return Observation.bad("healthcheck", node, "memory", "critical", "memory at 97%", Map.of(), null);
    }

    @Test
    void concurrentFeedsMakeOneAlarmEachAndOneRaiseEach() throws Exception {
        AlarmStore store = new AlarmStore(dir.resolve("alarms"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<AlarmStore.Change>> fs = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            String node = "cna-" + (i % 20);
            fs.add(pool.submit(() -> store.feed(List.of(bad(node)), Instant.now(), o -> 1)));
        }
        long raised = 0;
        for (Future<AlarmStore.Change> f : fs) {
            raised += f.get().events().stream().filter(e -> e.kind() == Event.Kind.RAISED).count();
        }
        pool.shutdown();
        assertThat(raised).isEqualTo(20);
        AlarmStore.State s = new AlarmStore(dir.resolve("alarms")).read();
        assertThat(s.alarms()).hasSize(20);
        assertThat(s.outbox()).hasSize(20);
        assertThat(s.outbox()).extracting(AlarmStore.Queued::seq).doesNotHaveDuplicates();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("alarms")))).isEqualTo("rwx------");
        assertThat(Files.readAllLines(store.historyFile())).hasSize(20);
    }

    /** A receiver that is down, then up: its events wait in the outbox, then go in order, each once. */
    static final class Flaky implements AlarmSink {
        boolean up;
        final List<Long> got = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public void deliver(List<AlarmStore.Queued> events, Collection<Alarm> alarms) throws IOException {
            if (!up) {
                throw new IOException("connection refused");
            }
            events.forEach(q -> got.add(q.seq()));
        }
    }

    @Test
    void aReceiverThatIsDownGetsEverythingInOrderOnceWhenItIsBack() throws Exception {
        AlarmStore store = new AlarmStore(dir.resolve("alarms"));
        Flaky sink = new Flaky();
        for (int i = 0; i < 5; i++) {
            store.feed(List.of(bad("cna-" + i)), Instant.now(), o -> 1);
            List<AlarmDelivery.Outcome> o = AlarmDelivery.deliver(store, List.of(sink), Duration.ofMillis(1));
            assertThat(o.get(0).error()).contains("connection refused").contains("kept for the next delivery");
        }
        store.feed(List.of(Observation.good("healthcheck", "cna-0", "memory", "ok")), Instant.now(), o -> 1);
        assertThat(new AlarmStore(dir.resolve("alarms")).pending("flaky", 100)).as("kept on disk, across a restart").hasSize(6);
        sink.up = true;
        AlarmDelivery.deliver(store, List.of(sink), Duration.ofMillis(1));
        AlarmDelivery.deliver(store, List.of(sink), Duration.ofMillis(1));
        assertThat(sink.got).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(store.read().outbox()).as("delivered to every sink: gone from the outbox").isEmpty();
    }

    @Test
    void withNoSinksTheOutboxIsNotKept() throws Exception {
        AlarmStore store = new AlarmStore(dir.resolve("alarms"));
        store.feed(List.of(bad("cna-1")), Instant.now(), o -> 1);
        AlarmDelivery.deliver(store, List.of(), Duration.ofMillis(1));
        assertThat(store.read().outbox()).isEmpty();
        assertThat(store.read().alarms()).hasSize(1);
    }

    /** A sink that throws what it should not (a bug of its own) is that sink behind; the next sink still gets everything. */
    @Test
    void aSinkThatThrowsIsBehind_andTheOthersStillGetTheirs() throws Exception {
        AlarmStore store = new AlarmStore(dir.resolve("alarms"));
        store.feed(List.of(bad("cna-1")), Instant.now(), o -> 1);
        AlarmSink broken = new AlarmSink() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public void deliver(List<AlarmStore.Queued> events, Collection<Alarm> alarms) {
                throw new NullPointerException("a bug");
            }
        };
        Flaky good = new Flaky();
        good.up = true;
        List<AlarmDelivery.Outcome> out = AlarmDelivery.deliver(store, List.of(broken, good), Duration.ofMillis(1));
        assertThat(out.get(0).error()).contains("broken").contains("NullPointerException");
        assertThat(out.get(0).queued()).isEqualTo(1);
        assertThat(good.got).containsExactly(1L);
    }
}
