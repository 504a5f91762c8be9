package dev.vigil.core.error;

import dev.vigil.core.result.ExitCode;

/** A bad flag, bad configuration or inventory, unknown node: exit code 64. */
public class UsageException extends VigilException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(ExitCode.USAGE, message);
    }

    public UsageException(String message, Throwable cause) {
        super(ExitCode.USAGE, message, cause);
    }
}
