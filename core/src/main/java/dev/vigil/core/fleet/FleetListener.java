package dev.vigil.core.fleet;

import dev.vigil.core.inventory.Node;

/** Progress of a fan-out. Called from worker threads: implementations must be thread-safe and quick. */
public interface FleetListener {
    FleetListener NONE = new FleetListener() {
    };

    default void begin(int total) {
    }

    default void started(Node node) {
    }

    default void finished(NodeResult<?> result) {
    }

    default void end() {
    }
}
