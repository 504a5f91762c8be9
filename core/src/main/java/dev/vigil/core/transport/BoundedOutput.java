package dev.vigil.core.transport;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Captures output up to a limit and remembers whether more came, so a chatty command cannot exhaust memory. */
public final class BoundedOutput extends OutputStream {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final int limit;
    private boolean truncated;

    public BoundedOutput(int limit) {
        this.limit = limit;
    }

    @Override
    public synchronized void write(int b) {
        if (buffer.size() < limit) {
            buffer.write(b);
        } else {
            truncated = true;
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int room = limit - buffer.size();
        if (len > room) {
            truncated = true;
        }
        buffer.write(b, off, Math.max(0, Math.min(len, room)));
    }

    public synchronized String text() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    public synchronized boolean truncated() {
        return truncated;
    }
}
