package dev.vigil.healthcheck;

import dev.vigil.core.result.Status;
import dev.vigil.healthcheck.HealthcheckConfig.Threshold;

/** Judges a value against a threshold: at or above crit is CRIT, at or above warn is WARN. */
public final class ThresholdJudge {
    private ThresholdJudge() {
    }

    public static Status of(double value, Threshold t) {
        if (t.crit() != null && value >= t.crit()) {
            return Status.CRIT;
        }
        if (t.warn() != null && value >= t.warn()) {
            return Status.WARN;
        }
        return Status.OK;
    }
}
