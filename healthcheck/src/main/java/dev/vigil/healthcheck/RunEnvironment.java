package dev.vigil.healthcheck;

import dev.vigil.core.bmc.BmcReaders;
import dev.vigil.healthcheck.history.Baseline;
import dev.vigil.healthcheck.history.RunHistory;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What is known for the whole run before any node is looked at: the run's start, the previous
 * saved run (for "since the last run" and cleared alarms), the config baseline, the alarms
 * fetched once from the configured sources, the nodes' BMCs (read out of band), where each BMC's
 * last-seen event is kept (null: nowhere, every entry is new), and whether a near-full SEL may be
 * cleared once its entries are stored.
 */
public record RunEnvironment(Instant start, RunHistory.SavedRun previous, Baseline baseline, Instant logsSince,
                             List<Alarm> alarms, String alarmError, BmcReaders bmc, Path bmcEvents, boolean clearSel) {

    public RunEnvironment(Instant start, RunHistory.SavedRun previous, Baseline baseline, Instant logsSince, List<Alarm> alarms, String alarmError) {
        this(start, previous, baseline, logsSince, alarms, alarmError, BmcReaders.none(), null, false);
    }

    public RunEnvironment {
        bmc = bmc == null ? BmcReaders.none() : bmc;
    }

    /** An active alarm from a source; {@code node} is the node name or address it concerns, or null. */
    public record Alarm(String name, String severity, String node, String summary, String since, String source) {
    }
}
