package dev.vigil.kbox.netconsole;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the receiver knows about one sending node: counters, the sequence it expects next (gaps
 * count as lost messages), fragments waiting for their siblings, and the last lines (context for
 * a crash record). Not thread-safe: the receiver's one thread owns it.
 */
public final class Sender {
    static final int CONTEXT_LINES = 200;
    static final int MAX_PENDING_FRAGMENTS = 64;

    final String name;
    long received;
    long lost;
    long malformed;
    long duplicates;
    private long nextSeq = -1;
    private final Map<Long, Fragments> pending = new HashMap<>();
    private final Deque<String> recent = new ArrayDeque<>();

    Sender(String name) {
        this.name = name;
    }

    /**
     * Counts a complete message's sequence number. A number past the expected one counts the gap as
     * lost; one well below it means the node rebooted (its numbering restarted) and is taken as new.
     */
    void sequence(long seq) {
        if (nextSeq >= 0) {
            if (seq > nextSeq) {
                lost += seq - nextSeq;
            } else if (seq < nextSeq) {
                if (nextSeq - seq < 1000) {
                    duplicates++;
                    return;
                }
            }
        }
        nextSeq = seq + 1;
    }

    /** Adds a fragment; returns the whole message text once every byte has arrived, else null. */
    String fragment(Datagram d) {
        Fragments f = pending.computeIfAbsent(d.seq(), k -> new Fragments(d.fragTotal()));
        if (f.total != d.fragTotal()) {
            pending.remove(d.seq());
            throw new IllegalArgumentException("fragments of message " + d.seq() + " disagree on its length");
        }
        f.put(d.fragOffset(), d.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (pending.size() > MAX_PENDING_FRAGMENTS) {
            long oldest = pending.keySet().stream().min(Long::compare).orElse(d.seq());
            pending.remove(oldest);
            malformed++;
        }
        if (!f.complete()) {
            return null;
        }
        pending.remove(d.seq());
        return f.text();
    }

    void remember(String line) {
        recent.addLast(line);
        if (recent.size() > CONTEXT_LINES) {
            recent.removeFirst();
        }
    }

    List<String> recent() {
        return new ArrayList<>(recent);
    }

    public String name() {
        return name;
    }

    private static final class Fragments {
        final int total;
        final byte[] buf;
        final boolean[] have;
        int got;

        Fragments(int total) {
            this.total = total;
            this.buf = new byte[total];
            this.have = new boolean[total];
        }

        void put(int offset, byte[] part) {
            for (int i = 0; i < part.length && offset + i < total; i++) {
                if (!have[offset + i]) {
                    have[offset + i] = true;
                    got++;
                }
                buf[offset + i] = part[i];
            }
        }

        boolean complete() {
            return got == total;
        }

        String text() {
            return new String(buf, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
