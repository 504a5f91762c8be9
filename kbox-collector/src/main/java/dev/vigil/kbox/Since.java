package dev.vigil.kbox;

import dev.vigil.core.config.Durations;
import dev.vigil.core.error.UsageException;

import java.time.Instant;
import java.time.OffsetDateTime;

/** A "since" given by the operator: "2h" (that long ago) or an ISO time ("2026-11-21T08:00:00Z"). */
public final class Since {
    private Since() {
    }

    /** null for null; a value that is neither is a usage error naming the flag. */
    public static Instant parse(String text, String flag) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.now().minus(Durations.parse(text));
        } catch (IllegalArgumentException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (RuntimeException e2) {
                throw new UsageException(flag + ": '" + text + "' is neither a duration (2h, 30m) nor a time (2026-11-21T08:00:00Z)");
            }
        }
    }
}
