package dev.vigil.core.result;

import java.util.Collection;

/**
 * The one exit-code table of DESIGN.md, used by every command. Health checks follow the Nagios
 * plugin convention (0/1/2/3); with Nagios output a usage error is reported as UNKNOWN (3).
 */
public enum ExitCode {
    OK(0),
    WARNING(1),
    CRITICAL(2),
    UNKNOWN(3),
    USAGE(64);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The exit code for the worst of these statuses; an empty collection is OK. */
    public static ExitCode forStatuses(Collection<Status> statuses) {
        return forStatus(Status.worst(statuses));
    }

    public static ExitCode forStatus(Status status) {
        switch (status) {
            case OK: return OK;
            case WARN: return WARNING;
            case CRIT: return CRITICAL;
            default: return UNKNOWN;
        }
    }
}
