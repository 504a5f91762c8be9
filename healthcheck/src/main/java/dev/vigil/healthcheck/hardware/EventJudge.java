package dev.vigil.healthcheck.hardware;

import dev.vigil.core.bmc.SelEntry;
import dev.vigil.core.result.Status;

import java.util.List;
import java.util.Locale;

/**
 * Judges one event-log entry, a pure function: what a node cannot run through (uncorrectable ECC, a power
 * supply's AC lost or failure, CPU IERR or machine check, a watchdog that fired, a thermal trip, a critical or
 * non-recoverable threshold) is CRIT; what warns of it (correctable ECC, predictive failure, lost redundancy,
 * non-critical thresholds, a log nearly full) WARN; the rest, and every deassertion, OK. A BMC's own severity
 * (Redfish) is taken where it is given.
 */
public final class EventJudge {
    private EventJudge() {
    }

    private static final List<String> CRIT = List.of("uncorrectable ecc", "uncorrectable machine check", "ac lost", "failure detected",
            "ierr", "machine check", "thermal trip", "therm trip", "watchdog", "critical going", "non-recoverable going", "non-recoverable",
            "transition to critical", "timer expired", "bus uncorrectable", "fatal");
    private static final List<String> WARN = List.of("correctable ecc", "correctable machine check", "predictive failure", "redundancy lost",
            "non-redundant", "non-critical going", "log almost full", "log full", "configuration error", "bus correctable",
            "transition to non-critical", "degraded", "cor sensor");

    public static Status judge(SelEntry e) {
        if (!e.asserted()) {
            return Status.OK;
        }
        if (e.severity() != null) {
            switch (e.severity().toLowerCase(Locale.ROOT)) {
                case "critical":
                    return Status.CRIT;
                case "warning":
                    return Status.WARN;
                case "ok":
                    return Status.OK;
                default:
                    break;
            }
        }
        String text = (e.sensor() + " | " + e.event()).toLowerCase(Locale.ROOT);
        // "Lower Non-critical going low" is a warning, though it contains "critical going"
        String forCrit = text.replace("non-critical going", "noncritical-going");
        // "Uncorrectable ECC" contains "correctable ecc": the critical words are looked for first
        for (String c : CRIT) {
            if (forCrit.contains(c)) {
                return Status.CRIT;
            }
        }
        for (String w : WARN) {
            if (text.contains(w)) {
                return Status.WARN;
            }
        }
        return Status.OK;
    }
}
