package dev.vigil.healthcheck;

import dev.vigil.core.result.Finding;

import java.util.List;

/**
 * A check whose verdict also depends on the other nodes (one VM running on two hypervisors): once every node
 * was looked at, it sees all of its findings and may make some worse.
 */
public interface FleetWideCheck {
    /** This check's findings, one per node, as they should stand; the same list when nothing changes. */
    List<Finding> acrossNodes(List<Finding> mine);
}
