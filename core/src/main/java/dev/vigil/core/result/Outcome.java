package dev.vigil.core.result;

import java.util.Locale;

/** How one unit of work on one node ended. Every node of a fan-out ends in exactly one. */
public enum Outcome {
    OK(Status.OK),
    FAILED(Status.CRIT),
    UNREACHABLE(Status.UNKNOWN),
    AUTH_FAILED(Status.CRIT),
    HOST_KEY_REJECTED(Status.CRIT),
    TIMED_OUT(Status.CRIT);

    private final Status status;

    Outcome(Status status) {
        this.status = status;
    }

    public Status status() {
        return status;
    }

    /** The operator's spelling: ok, failed, unreachable, auth-failed, host-key-rejected, timed-out. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String toString() {
        return label();
    }
}
