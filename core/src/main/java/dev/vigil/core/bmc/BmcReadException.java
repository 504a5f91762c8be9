package dev.vigil.core.bmc;

/** The BMC could not be read: unreachable, refused the credentials, or answered what cannot be read. */
public final class BmcReadException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean unreachable;

    public BmcReadException(String message, boolean unreachable) {
        super(message);
        this.unreachable = unreachable;
    }

    public boolean unreachable() {
        return unreachable;
    }
}
