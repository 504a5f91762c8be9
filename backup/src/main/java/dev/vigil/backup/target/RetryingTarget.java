package dev.vigil.backup.target;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * Retry as a decorator around any {@link Target}: an {@link #open} that fails with {@link Transient}
 * (the server does not answer, a transient reply) is tried again after a backoff that doubles each
 * time; anything else (a certificate not trusted, a login refused, a missing directory) fails at once.
 */
public final class RetryingTarget implements Target {
    private static final Logger log = LoggerFactory.getLogger(RetryingTarget.class);

    /** A failure to open that may pass if tried again; its message says what happened, without the target's name. */
    public static final class Transient extends IOException {
        public Transient(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Target inner;
    private final int retries;
    private final Duration backoff;

    public RetryingTarget(Target inner, int retries, Duration backoff) {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative");
        }
        this.inner = inner;
        this.retries = retries;
        this.backoff = backoff;
    }

    /** The target it retries. */
    public Target inner() {
        return inner;
    }

    @Override
    public String display() {
        return inner.display();
    }

    @Override
    public java.util.List<String> warnings() {
        return inner.warnings();
    }

    @Override
    public Session open(boolean create) throws IOException {
        Transient last = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) {
                long wait = backoff.toMillis() << (attempt - 1);
                log.info("{}: {}; retrying in {} ms", display(), last.getMessage(), wait);
                sleep(wait);
            }
            try {
                return inner.open(create);
            } catch (Transient e) {
                last = e;
            }
        }
        throw new IOException(display() + ": " + last.getMessage() + " (after " + (retries + 1) + " attempts)", last.getCause());
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }
}
