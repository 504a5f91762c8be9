package dev.vigil.core.result;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One measured value with its unit and the thresholds it was judged against (null where none),
 * as Nagios perfdata and Prometheus samples need it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Metric(String name, double value, String unit, Double warn, Double crit, Double min, Double max) {
    public static Metric of(String name, double value, String unit) {
        return new Metric(name, value, unit, null, null, null, null);
    }

    public static Metric percent(String name, double value, Double warn, Double crit) {
        return new Metric(name, value, "%", warn, crit, 0.0, 100.0);
    }
}
