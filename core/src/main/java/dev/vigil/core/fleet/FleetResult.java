package dev.vigil.core.fleet;

import dev.vigil.core.result.Counts;
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

    @Override
    default String summary() {
        return Counts.line(nodes().size() == 1 ? "node" : "nodes", nodes().stream().map(r -> r.outcome().label()).toList());
    }
}
