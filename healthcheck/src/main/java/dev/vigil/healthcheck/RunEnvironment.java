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
 * fetched once from the configured sources, the nodes' BMCs (read out of band) and what to read of
 * them, where every BMC event-log entry read is stored (null: nowhere, every entry is new), and
 * whether a near-full SEL may be cleared once its entries are stored.
 */
public record RunEnvironment(Instant start, RunHistory.SavedRun previous, Baseline baseline, Instant logsSince,
                             List<Alarm> alarms, String alarmError, BmcReaders bmc, Path bmcEvents, boolean clearSel, BmcScope bmcScope) {

    public RunEnvironment(Instant start, RunHistory.SavedRun previous, Baseline baseline, Instant logsSince, List<Alarm> alarms, String alarmError) {
        this(start, previous, baseline, logsSince, alarms, alarmError, BmcReaders.none(), null, false, BmcScope.BOTH);
    }

    /** What the run's out-of-band checks read of each BMC, so one session reads it all: its sensors, its event log. */
    public record BmcScope(boolean sensors, boolean events) {
        public static final BmcScope BOTH = new BmcScope(true, true);
    }

    public RunEnvironment {
        bmc = bmc == null ? BmcReaders.none() : bmc;
        bmcScope = bmcScope == null ? BmcScope.BOTH : bmcScope;
    }

    /** An active alarm from a source; {@code node} is the node name or address it concerns, or null. */
    public record Alarm(String name, String severity, String node, String summary, String since, String source) {
    }
}
