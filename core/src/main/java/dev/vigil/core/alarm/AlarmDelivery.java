package dev.vigil.core.alarm;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Delivers the outbox: to each sink, its events in order, a batch at a time, each batch tried
 * {@value #ATTEMPTS} times with a doubling backoff. A sink that still fails keeps its events queued in
 * the store (the on-disk spool): they go, in order, on a later delivery, when the receiver is back.
 * A sink's cursor moves only after a batch was accepted, so nothing is lost and nothing sent twice
 * (unless Vigil dies between the receiver's answer and the cursor's write).
 */
public final class AlarmDelivery {
    private static final Logger log = LoggerFactory.getLogger(AlarmDelivery.class);
    static final int ATTEMPTS = 3;
    static final int BATCH = 500;

    private AlarmDelivery() {
    }

    /** What one delivery did per sink: how many events went, and the error of one that is behind. */
    public record Outcome(String sink, int delivered, int queued, String error) {
    }

    public static List<Outcome> deliver(AlarmStore store, List<AlarmSink> sinks, Duration backoff) {
        List<String> names = sinks.stream().map(AlarmSink::name).toList();
        List<Outcome> out = new ArrayList<>();
        for (AlarmSink sink : sinks) {
            int sent = 0;
            String error = null;
            try {
                while (true) {
                    List<AlarmStore.Queued> batch = store.pending(sink.name(), BATCH);
                    // the alarms as they are now go with the last batch only: a state-based receiver hears each firing one once per delivery
                    boolean last = batch.size() < BATCH;
                    send(sink, batch, last ? store.read().alarms() : Map.of(), backoff);
                    if (!batch.isEmpty()) {
                        store.delivered(sink.name(), batch.get(batch.size() - 1).seq(), names);
                        sent += batch.size();
                    }
                    if (last) {
                        break;
                    }
                }
            } catch (IOException e) {
                error = e.getMessage();
                log.warn("alarms: {} is behind: {}", sink.name(), e.getMessage());
            }
            int queued;
            try {
                queued = store.pending(sink.name(), Integer.MAX_VALUE).size();
            } catch (IOException e) {
                queued = -1;
            }
            out.add(new Outcome(sink.name(), sent, queued, error));
        }
        if (sinks.isEmpty()) {
            try {
                // nobody to tell: the outbox is not kept
                store.delivered("-", Long.MAX_VALUE, List.of());
            } catch (IOException e) {
                log.warn("alarms: cannot empty the outbox: {}", e.getMessage());
            }
        }
        return out;
    }

    private static void send(AlarmSink sink, List<AlarmStore.Queued> batch, Map<String, Alarm> alarms, Duration backoff) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (attempt > 0) {
                try {
                    Thread.sleep(backoff.toMillis() << (attempt - 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted");
                }
            }
            try {
                sink.deliver(batch, alarms.values());
                return;
            } catch (IOException e) {
                last = e;
            } catch (RuntimeException e) {
                // a sink's own bug is that sink behind, never the run's end: the others still get theirs
                last = new IOException(sink.name() + ": " + e, e);
            }
        }
        throw new IOException(last.getMessage() + " (after " + ATTEMPTS + " attempts; " + batch.size() + " events kept for the next delivery)", last);
    }
}
