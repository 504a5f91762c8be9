package dev.vigil.healthcheck;

/**
 * A threshold a check declares: its key in the config, the platform's default warn and crit, and
 * whether it is a share (0-100, so a value over 100 never fires: a warning of config validate).
 */
public record ThresholdSpec(String name, double warn, double crit, boolean percent) {
    public static ThresholdSpec percent(String name, double warn, double crit) {
        return new ThresholdSpec(name, warn, crit, true);
    }

    public static ThresholdSpec of(String name, double warn, double crit) {
        return new ThresholdSpec(name, warn, crit, false);
    }
}
