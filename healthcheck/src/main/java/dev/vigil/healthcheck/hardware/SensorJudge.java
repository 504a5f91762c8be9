package dev.vigil.healthcheck.hardware;

import dev.vigil.core.bmc.Sensor;
import dev.vigil.core.result.Status;
import dev.vigil.healthcheck.HealthcheckConfig.SensorRule;
import dev.vigil.healthcheck.Numbers;

import java.util.List;
import java.util.Locale;

/**
 * Judges one BMC sensor, a pure function: a reading against the BMC's own thresholds (upper at or above,
 * lower below; non-critical WARN, critical and non-recoverable CRIT) and the BMC's own verdict, or against
 * the operator's thresholds where a rule gives them (for vendors whose thresholds lie); a discrete sensor by
 * its asserted states (a failed or AC-lost supply CRIT, predictive failure and lost redundancy WARN).
 */
public final class SensorJudge {
    private SensorJudge() {
    }

    /** A sensor's verdict and, when not OK, why. */
    public record Verdict(Status status, String why) {
    }

    private static final List<String> CRIT_STATES = List.of("failure detected", "ac lost", "power supply ac lost", "non-recoverable",
            "non-redundant: insufficient resources", "transition to critical", "transition to non-recoverable", "uncorrectable",
            "thermal trip", "ierr", "input lost", "out-of-range");
    private static final List<String> WARN_STATES = List.of("predictive failure", "redundancy lost", "redundancy degraded",
            "non-redundant: sufficient resources", "configuration error", "transition to non-critical", "degraded", "line input");

    public static Verdict judge(Sensor s, SensorRule rule) {
        if (s.reading() != null && rule != null && (rule.warn() != null || rule.crit() != null || rule.lowWarn() != null || rule.lowCrit() != null)) {
            return byThresholds(s, rule.lowCrit(), rule.lowCrit(), rule.lowWarn(), rule.warn(), rule.crit(), rule.crit(), "own ");
        }
        Verdict worst = new Verdict(Status.OK, null);
        if (s.reading() != null) {
            worst = byThresholds(s, s.lowerFatal(), s.lowerCritical(), s.lowerWarning(), s.upperWarning(), s.upperCritical(), s.upperFatal(), "");
        }
        for (String a : s.asserted()) {
            Verdict v = byState(a);
            worst = worse(worst, v);
        }
        Verdict bmc = byBmcState(s);
        return worse(worst, bmc);
    }

    private static Verdict worse(Verdict a, Verdict b) {
        return b.status().severity() > a.status().severity() ? b : a;
    }

    private static Verdict byThresholds(Sensor s, Double lnr, Double lcr, Double lnc, Double unc, Double ucr, Double unr, String whose) {
        double r = s.reading();
        String v = Numbers.fmt(r) + unit(s.unit());
        if (unr != null && r >= unr) {
            return new Verdict(Status.CRIT, v + " >= " + Numbers.fmt(unr) + " (" + whose + "upper non-recoverable)");
        }
        if (ucr != null && r >= ucr) {
            return new Verdict(Status.CRIT, v + " >= " + Numbers.fmt(ucr) + " (" + whose + "upper critical)");
        }
        if (lnr != null && r < lnr) {
            return new Verdict(Status.CRIT, v + " < " + Numbers.fmt(lnr) + " (" + whose + "lower non-recoverable)");
        }
        if (lcr != null && r < lcr) {
            return new Verdict(Status.CRIT, v + " < " + Numbers.fmt(lcr) + " (" + whose + "lower critical)");
        }
        if (unc != null && r >= unc) {
            return new Verdict(Status.WARN, v + " >= " + Numbers.fmt(unc) + " (" + whose + "upper non-critical)");
        }
        if (lnc != null && r < lnc) {
            return new Verdict(Status.WARN, v + " < " + Numbers.fmt(lnc) + " (" + whose + "lower non-critical)");
        }
        return new Verdict(Status.OK, null);
    }

    static Verdict byState(String asserted) {
        String a = asserted.toLowerCase(Locale.ROOT);
        for (String c : CRIT_STATES) {
            if (a.contains(c)) {
                return new Verdict(Status.CRIT, asserted);
            }
        }
        for (String w : WARN_STATES) {
            if (a.contains(w)) {
                return new Verdict(Status.WARN, asserted);
            }
        }
        return new Verdict(Status.OK, null);
    }

    /** The BMC's own word: IPMI cr/nr (and ucr, lnr...) CRIT, nc WARN; Redfish Critical CRIT, Warning WARN. */
    static Verdict byBmcState(Sensor s) {
        String st = s.state() == null ? "" : s.state().toLowerCase(Locale.ROOT);
        String reading = s.reading() == null ? "" : Numbers.fmt(s.reading()) + unit(s.unit()) + ", ";
        return switch (st) {
            case "cr", "nr", "ucr", "lcr", "unr", "lnr", "critical" -> new Verdict(Status.CRIT, reading + "the BMC says " + s.state());
            case "nc", "unc", "lnc", "warning" -> new Verdict(Status.WARN, reading + "the BMC says " + s.state());
            default -> new Verdict(Status.OK, null);
        };
    }

    /** A short unit for messages and perfdata: C, RPM, V, A, W. */
    public static String unit(String unit) {
        if (unit == null) {
            return "";
        }
        String u = unit.toLowerCase(Locale.ROOT);
        return switch (u) {
            case "degrees c" -> "C";
            case "degrees f" -> "F";
            case "rpm" -> "RPM";
            case "volts" -> "V";
            case "amps" -> "A";
            case "watts" -> "W";
            case "percent", "%" -> "%";
            default -> "";
        };
    }
}
