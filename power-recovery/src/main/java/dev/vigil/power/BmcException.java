package dev.vigil.power;

import java.util.Locale;

/** A BMC could not do what was asked; {@link #kind()} is what the operator reads first. */
public final class BmcException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        UNREACHABLE, AUTH_FAILED, FAILED;

        /** bmc-unreachable, bmc-auth-failed, bmc-failed */
        public String label() {
            return "bmc-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Kind kind;

    public BmcException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
