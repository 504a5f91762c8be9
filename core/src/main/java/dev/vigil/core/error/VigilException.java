package dev.vigil.core.error;

import dev.vigil.core.result.ExitCode;

/**
 * An error the operator can act on. Its message is one line that says what is wrong and what to
 * do; the CLI prints it without a stack trace (unless --stacktrace) and exits with {@link #exitCode()}.
 * Messages never contain secret values.
 */
public class VigilException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ExitCode exitCode;

    public VigilException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public VigilException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
