package dev.vigil.core.result;

import java.util.Collection;

/**
 * The status of one record. Severity for "worst of" is OK &lt; WARN &lt; UNKNOWN &lt; CRIT: a run
 * whose only problems are nodes it could not reach exits UNKNOWN (3), any critical finding wins.
 */
public enum Status {
    OK(0), WARN(1), UNKNOWN(2), CRIT(3);

    private final int severity;

    Status(int severity) {
        this.severity = severity;
    }

    public int severity() {
        return severity;
    }

    public static Status worst(Collection<Status> statuses) {
        Status worst = OK;
        for (Status s : statuses) {
            if (s.severity > worst.severity) {
                worst = s;
            }
        }
        return worst;
    }
}
