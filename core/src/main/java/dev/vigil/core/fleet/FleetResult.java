package dev.vigil.core.fleet;

import dev.vigil.core.result.Counts;
import dev.vigil.core.result.Finding;
import dev.vigil.core.result.RunResult;
import dev.vigil.core.result.Status;

import java.util.List;

/**
 * A use case's result that is one fan-out: its status is the worst node outcome's, its summary the
 * count of each ("20 nodes: 19 ok, 1 unreachable").
 */
public interface FleetResult<T> extends RunResult {
    List<NodeResult<T>> nodes();

    @Override
    default Status status() {
        return Status.worst(nodes().stream().map(r -> r.outcome().status()).toList());
    }

    /** One finding per node: its outcome's status, and the fan-out's message or the outcome's label. */
    @Override
    default List<Finding> findings(String item) {
        return nodes().stream().map(r -> new Finding(r.node().name(), item, r.outcome().status(), r.message() != null ? r.message() : r.outcome().label(),
                List.of(), List.of(), r.duration().toMillis())).toList();
    }

    @Override
    default String summary() {
        return Counts.line(nodes().size() == 1 ? "node" : "nodes", nodes().stream().map(r -> r.outcome().label()).toList());
    }

    /** The fan-out's line under a table, e.g. "20 nodes: 18 ok, 1 unreachable, 1 timed-out in 1.42s". */
    static String timedSummary(List<? extends NodeResult<?>> results, long elapsedMillis) {
        java.util.Map<dev.vigil.core.result.Outcome, Integer> counts = new java.util.EnumMap<>(dev.vigil.core.result.Outcome.class);
        results.forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
        String parts = counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().label())
                .collect(java.util.stream.Collectors.joining(", "));
        return results.size() + (results.size() == 1 ? " node: " : " nodes: ") + parts
                + String.format(" in %.2fs", elapsedMillis / 1000.0);
    }
}
