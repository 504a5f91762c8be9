package dev.vigil.healthcheck;

import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Status;

import java.util.List;

/** What a check found on a node, before it is placed in the run's report. */
public record CheckResult(Status status, String message, List<Metric> metrics, List<String> details) {
    public static CheckResult of(Status status, String message) {
        return new CheckResult(status, message, List.of(), List.of());
    }

    public static CheckResult unknown(String reason, String excerpt) {
        return new CheckResult(Status.UNKNOWN, reason, List.of(),
                excerpt == null || excerpt.isBlank() ? List.of() : List.of("output: " + excerpt(excerpt)));
    }

    static String excerpt(String s) {
        String one = s.strip().replace('\n', ' ');
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }
}
