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
}
