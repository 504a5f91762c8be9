package dev.vigil.core.result;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The result of one item (a check, a step) on one node: status, a one-line message, metrics and
 * a few detail lines (samples, what changed). Plain data; renderers turn lists of these into text.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Finding(String node, String item, Status status, String message, List<Metric> metrics, List<String> details,
                      long durationMs) {
    public Finding {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        details = details == null ? List.of() : List.copyOf(details);
    }
}
