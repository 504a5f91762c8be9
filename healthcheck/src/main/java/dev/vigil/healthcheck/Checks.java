package dev.vigil.healthcheck;

import dev.vigil.core.error.UsageException;
import dev.vigil.core.inventory.Suggest;
import dev.vigil.healthcheck.checks.AlarmsCheck;
import dev.vigil.healthcheck.checks.BmcEventsCheck;
import dev.vigil.healthcheck.checks.BmcSensorsCheck;
import dev.vigil.healthcheck.checks.DisksSmartCheck;
import dev.vigil.healthcheck.checks.MemoryErrorsCheck;
import dev.vigil.healthcheck.checks.MultipathCheck;
import dev.vigil.healthcheck.checks.NetworkBondsCheck;
import dev.vigil.healthcheck.checks.RaidCheck;
import dev.vigil.healthcheck.checks.VmStatesCheck;
import dev.vigil.healthcheck.checks.ClockSyncCheck;
import dev.vigil.healthcheck.checks.ConfigIntegrityCheck;
import dev.vigil.healthcheck.checks.CpuCheck;
import dev.vigil.healthcheck.checks.DiskInodesCheck;
import dev.vigil.healthcheck.checks.DiskSpaceCheck;
import dev.vigil.healthcheck.checks.HeartbeatCheck;
import dev.vigil.healthcheck.checks.LogsCheck;
import dev.vigil.healthcheck.checks.MemoryCheck;
import dev.vigil.healthcheck.checks.ProcessesCheck;
import dev.vigil.healthcheck.checks.TrendCheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of checks, in the order they are listed: the node checks, then those judged from the run
 * and the saved history (trend). A duplicate name is refused, and so is a threshold two checks declare.
 */
public final class Checks {
    private static final Checks BUILT_IN = new Checks(List.of(new DiskSpaceCheck(), new DiskInodesCheck(), new CpuCheck(), new MemoryCheck(),
            new ProcessesCheck(), new ConfigIntegrityCheck(), new ClockSyncCheck(), new LogsCheck(), new AlarmsCheck(),
            new HeartbeatCheck(), new VmStatesCheck(), new BmcSensorsCheck(), new BmcEventsCheck(), new DisksSmartCheck(), new RaidCheck(),
            new MultipathCheck(), new NetworkBondsCheck(), new MemoryErrorsCheck()), List.of(new TrendCheck()));

    private final Map<String, Check> byName = new LinkedHashMap<>();
    private final Map<String, HistoryCheck> fromHistory = new LinkedHashMap<>();
    private final Map<String, ThresholdSpec> thresholds = new LinkedHashMap<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();

    public Checks(List<Check> checks) {
        this(checks, List.of());
    }

    public Checks(List<Check> checks, List<HistoryCheck> fromHistory) {
        for (Check c : checks) {
            add(c);
            byName.put(c.name(), c);
        }
        for (HistoryCheck c : fromHistory) {
            add(c);
            this.fromHistory.put(c.name(), c);
        }
    }

    private void add(CheckInfo c) {
        if (byName.containsKey(c.name()) || fromHistory.containsKey(c.name())) {
            throw new IllegalArgumentException("duplicate check name: " + c.name());
        }
        for (String a : c.aliases()) {
            if (aliases.putIfAbsent(a, c.name()) != null) {
                throw new IllegalArgumentException("alias " + a + " is declared twice (by " + c.name() + ")");
            }
        }
        for (ThresholdSpec t : c.thresholds()) {
            if (thresholds.putIfAbsent(t.name(), t) != null) {
                throw new IllegalArgumentException("threshold " + t.name() + " is declared twice (by " + c.name() + ")");
            }
        }
    }

    public static Checks builtIn() {
        return BUILT_IN;
    }

    /** The node checks. */
    public List<Check> all() {
        return new ArrayList<>(byName.values());
    }

    /** Every check, node checks first, as {@code healthcheck list} shows them. */
    public List<CheckInfo> described() {
        List<CheckInfo> out = new ArrayList<>(byName.values());
        out.addAll(fromHistory.values());
        return out;
    }

    /** Every threshold the checks declare, by its config name: Settings' defaults and the config's known names. */
    public Map<String, ThresholdSpec> thresholds() {
        return java.util.Collections.unmodifiableMap(thresholds);
    }

    public List<String> names() {
        return described().stream().map(CheckInfo::name).toList();
    }

    /** The checks a --checks list names (null or empty: all); an unknown name is a usage error. */
    public Selection select(List<String> names) {
        if (names == null || names.isEmpty()) {
            return new Selection(all(), new ArrayList<>(fromHistory.values()));
        }
        List<Check> out = new ArrayList<>();
        List<HistoryCheck> after = new ArrayList<>();
        for (String raw : names) {
            String n = aliases.getOrDefault(raw.trim(), raw.trim());
            if (fromHistory.containsKey(n)) {
                after.add(fromHistory.get(n));
            } else if (byName.containsKey(n)) {
                out.add(byName.get(n));
            } else {
                String close = Suggest.closest(n, names());
                throw new UsageException("no check named '" + n + "'" + (close != null ? "; did you mean '" + close + "'?" : "")
                        + " (see: vigil healthcheck list)");
            }
        }
        return new Selection(out, after);
    }

    /** The selected node checks, and the checks judged after them from the run and the history. */
    public record Selection(List<Check> checks, List<HistoryCheck> fromHistory) {
    }
}
