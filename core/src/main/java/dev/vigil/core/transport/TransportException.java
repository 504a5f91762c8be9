package dev.vigil.core.transport;

import dev.vigil.core.result.Outcome;

/**
 * A transport could not do what was asked; {@link #outcome()} says how that should be reported
 * for the node. The message is one line fit for the operator and never contains a secret.
 */
public class TransportException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Outcome outcome;

    public TransportException(Outcome outcome, String message) {
        super(message);
        this.outcome = outcome;
    }

    public TransportException(Outcome outcome, String message, Throwable cause) {
        super(message, cause);
        this.outcome = outcome;
    }

    public Outcome outcome() {
        return outcome;
    }
}
