package dev.vigil.healthcheck;

import dev.vigil.healthcheck.history.Baseline;
import dev.vigil.healthcheck.history.RunHistory;

import java.time.Instant;
import java.util.List;

/**
 * What is known for the whole run before any node is looked at: the run's start, the previous
 * saved run (for "since the last run" and cleared alarms), the config baseline, and the alarms
 * fetched once from the configured sources.
 */
public record RunEnvironment(Instant start, RunHistory.SavedRun previous, Baseline baseline, Instant logsSince,
                             List<Alarm> alarms, String alarmError) {

    /** An active alarm from a source; {@code node} is the node name or address it concerns, or null. */
    public record Alarm(String name, String severity, String node, String summary, String since, String source) {
    }
}
