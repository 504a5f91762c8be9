package dev.vigil.core.alarm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.config.Yaml;
import dev.vigil.core.state.AtomicFiles;
import dev.vigil.core.state.PrivateFiles;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one durable alarm store, in the state dir's {@code alarms/}: {@code store.json} holds every alarm
 * and the outbox of events not yet delivered to every sink, written whole and atomically (temp file,
 * fsync, rename) under an exclusive file lock, so the daemon, {@code kbox listen} and a command can
 * feed it at once, and a kill -9 leaves either the old store or the new one, never half, and never an
 * event counted twice. {@code history.jsonl} is the log of every state change. Files 0600, the directory 0700.
 */
public final class AlarmStore {
    static final int SCHEMA = 1;
    /** Cleared alarms stay listed (and ready to be raised again as the same item) this long. */
    static final Duration KEEP_CLEARED = Duration.ofDays(7);
    /** An outbox that no sink drains stops growing here: the oldest events go (and the loss is counted). */
    static final int OUTBOX_MAX = 100_000;

    private static final ObjectMapper JSON = Yaml.recordMapper();

    /** The stored state: the alarms by key, the outbox, its next sequence number and each sink's delivered cursor. */
    public record State(long nextSeq, Map<String, Alarm> alarms, List<Queued> outbox, Map<String, Long> delivered, long dropped) {
        public State {
            alarms = alarms == null ? Map.of() : alarms;
            outbox = outbox == null ? List.of() : outbox;
            delivered = delivered == null ? Map.of() : delivered;
        }

        static State empty() {
            return new State(1, Map.of(), List.of(), Map.of(), 0);
        }
    }

    /** An event in the outbox, numbered in the order it happened. */
    public record Queued(long seq, Event event) {
    }

    /** What one transaction did: the alarms after it and the events it queued. */
    public record Change(Map<String, Alarm> alarms, List<Event> events) {
    }

    private final Path dir;

    public AlarmStore(Path dir) {
        this.dir = dir;
    }

    public Path file() {
        return dir.resolve("store.json");
    }

    public Path historyFile() {
        return dir.resolve("history.jsonl");
    }

    /** The store as it is now (read under the lock, so never a half-written one). */
    public State read() throws IOException {
        return locked(this::load);
    }

    /** One scan fed through the lifecycle: new alarms, updates and clears, their events queued for delivery. */
    public Change feed(List<Observation> scan, Instant now, java.util.function.ToIntFunction<Observation> hardAfter) throws IOException {
        return update(alarms -> Lifecycle.apply(alarms, scan, now, hardAfter), now);
    }

    /**
     * A change of the alarms by {@code fn} (the lifecycle, an ack, a clear), in one transaction: the
     * alarms and the events it made are written together, the state changes logged.
     */
    public Change update(Function<Map<String, Alarm>, Lifecycle.Result> fn, Instant now) throws IOException {
        return locked(() -> {
            State s = load();
            Lifecycle.Result r = fn.apply(s.alarms());
            Map<String, Alarm> kept = new LinkedHashMap<>();
            r.alarms().forEach((k, a) -> {
                if (a.state() != Alarm.State.CLEARED || a.clearedAt() == null
                        || Instant.parse(a.clearedAt()).isAfter(now.minus(KEEP_CLEARED))) {
                    kept.put(k, a);
                }
            });
            List<Queued> outbox = new ArrayList<>(s.outbox());
            long seq = s.nextSeq();
            for (Event e : r.events()) {
                outbox.add(new Queued(seq++, e));
            }
            long dropped = s.dropped();
            while (outbox.size() > OUTBOX_MAX) {
                outbox.remove(0);
                dropped++;
            }
            write(new State(seq, kept, outbox, s.delivered(), dropped));
            log(s.alarms(), kept, now);
            return new Change(kept, r.events());
        });
    }

    /** The events a sink has not had yet, oldest first (at most {@code max}). */
    public List<Queued> pending(String sink, int max) throws IOException {
        State s = read();
        long after = s.delivered().getOrDefault(sink, 0L);
        return s.outbox().stream().filter(q -> q.seq() > after).limit(max).toList();
    }

    /** Records that {@code sink} has had every event up to {@code seq}; events every sink has had leave the outbox. */
    public void delivered(String sink, long seq, List<String> sinks) throws IOException {
        locked(() -> {
            State s = load();
            Map<String, Long> d = new LinkedHashMap<>(s.delivered());
            d.merge(sink, seq, Math::max);
            d.keySet().retainAll(sinks);
            long all = sinks.stream().mapToLong(n -> d.getOrDefault(n, 0L)).min().orElse(Long.MAX_VALUE);
            List<Queued> outbox = s.outbox().stream().filter(q -> q.seq() > all).toList();
            write(new State(s.nextSeq(), s.alarms(), outbox, d, s.dropped()));
            return null;
        });
    }

    private State load() throws IOException {
        Path f = file();
        if (!Files.exists(f)) {
            return State.empty();
        }
        State s = JSON.readValue(Files.readString(f, StandardCharsets.UTF_8), State.class);
        return s == null ? State.empty() : s;
    }

    private void write(State s) throws IOException {
        AtomicFiles.write(file(), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(s));
    }

    private void log(Map<String, Alarm> before, Map<String, Alarm> after, Instant now) throws IOException {
        StringBuilder lines = new StringBuilder();
        after.forEach((k, a) -> {
            Alarm b = before.get(k);
            if (b == null || b.state() != a.state() || !java.util.Objects.equals(b.severity(), a.severity()) || b.acked() != a.acked()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("at", now.toString());
                m.put("key", k);
                m.put("from", b == null ? null : b.state().label());
                m.put("to", a.state().label());
                m.put("severity", a.severity());
                m.put("summary", a.summary());
                if (a.acked() && (b == null || !b.acked())) {
                    m.put("acked_by", a.ackedBy());
                }
                if (a.clearedBy() != null && a.state() == Alarm.State.CLEARED) {
                    m.put("cleared_by", a.clearedBy());
                }
                try {
                    lines.append(JSON.writeValueAsString(m)).append('\n');
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        if (lines.length() > 0) {
            Files.writeString(historyFile(), lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Files.setPosixFilePermissions(historyFile(), PosixFilePermissions.fromString("rw-------"));
        }
    }

    @FunctionalInterface
    private interface Body<T> {
        T run() throws IOException;
    }

    /** The file lock keeps other processes out; this keeps this process's threads apart (a JVM holds one lock per file). */
    private static final Map<Path, Object> IN_PROCESS = new java.util.concurrent.ConcurrentHashMap<>();

    private <T> T locked(Body<T> body) throws IOException {
        PrivateFiles.dirs(dir);
        Path lock = dir.resolve(".lock").toAbsolutePath().normalize();
        synchronized (IN_PROCESS.computeIfAbsent(lock, k -> new Object())) {
            try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                Files.setPosixFilePermissions(lock, PosixFilePermissions.fromString("rw-------"));
                return body.run();
            }
        }
    }
}
