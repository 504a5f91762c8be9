package dev.vigil.core.transport;

import dev.vigil.core.result.Outcome;

/** A file operation on a node failed for a reason of the file itself: missing, unreadable, unwritable. */
public final class RemoteFileException extends TransportException {
    private static final long serialVersionUID = 1L;

    public enum Reason { NOT_FOUND, PERMISSION_DENIED, IO_ERROR }

    private final Reason reason;
    private final String path;

    public RemoteFileException(Reason reason, String path, String detail) {
        super(Outcome.FAILED, describe(reason, path) + (detail == null || detail.isBlank() ? "" : ": " + detail.strip()));
        this.reason = reason;
        this.path = path;
    }

    private static String describe(Reason reason, String path) {
        switch (reason) {
            case NOT_FOUND: return path + ": no such file";
            case PERMISSION_DENIED: return path + ": permission denied";
            default: return path + ": I/O error";
        }
    }

    public Reason reason() {
        return reason;
    }

    public String path() {
        return path;
    }
}
