package dev.vigil.core.result;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A run's findings. {@code series} holds, per node, metric histories (for charts): metric name to
 * points in time order; it may be empty.
 */
public record Report(String id, String title, Instant start, Instant end, List<Finding> findings,
                     Map<String, Map<String, List<Point>>> series) {
    public record Point(Instant time, double value) {
    }

    public Report {
        findings = List.copyOf(findings);
        series = series == null ? Map.of() : series;
    }

    public Status worst() {
        return Status.worst(findings.stream().map(Finding::status).collect(Collectors.toList()));
    }

    /** Node names in the order they first appear. */
    public List<String> nodes() {
        List<String> out = new ArrayList<>();
        for (Finding f : findings) {
            if (!out.contains(f.node())) {
                out.add(f.node());
            }
        }
        return out;
    }

    public Map<String, List<Finding>> byNode() {
        Map<String, List<Finding>> out = new LinkedHashMap<>();
        for (Finding f : findings) {
            out.computeIfAbsent(f.node(), k -> new ArrayList<>()).add(f);
        }
        return out;
    }

    public Status statusOf(String node) {
        return Status.worst(findings.stream().filter(f -> f.node().equals(node)).map(Finding::status).collect(Collectors.toList()));
    }

    /** Worst first, then node, then item: the order an operator reads a table in. */
    public List<Finding> worstFirst() {
        List<Finding> out = new ArrayList<>(findings);
        out.sort(Comparator.comparing((Finding f) -> -f.status().severity()).thenComparing(Finding::node).thenComparing(Finding::item));
        return out;
    }

    public Map<Status, Long> counts() {
        Map<Status, Long> out = new LinkedHashMap<>();
        for (Status s : Status.values()) {
            out.put(s, findings.stream().filter(f -> f.status() == s).count());
        }
        return out;
    }
}
