package dev.vigil.healthcheck;

import dev.vigil.core.error.UsageException;
import dev.vigil.core.inventory.Suggest;
import dev.vigil.healthcheck.checks.AlarmsCheck;
import dev.vigil.healthcheck.checks.ClockSyncCheck;
import dev.vigil.healthcheck.checks.ConfigIntegrityCheck;
import dev.vigil.healthcheck.checks.CpuCheck;
import dev.vigil.healthcheck.checks.DiskInodesCheck;
import dev.vigil.healthcheck.checks.DiskSpaceCheck;
import dev.vigil.healthcheck.checks.HeartbeatCheck;
import dev.vigil.healthcheck.checks.LogsCheck;
import dev.vigil.healthcheck.checks.MemoryCheck;
import dev.vigil.healthcheck.checks.ProcessesCheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry of checks, in the order they are listed; a duplicate name is refused. */
public final class Checks {
    /** "trend" is judged after the others, from the run's disk results and the saved history. */
    public static final String TREND = "trend";

    private final Map<String, Check> byName = new LinkedHashMap<>();

    public Checks(List<Check> checks) {
        for (Check c : checks) {
            if (byName.putIfAbsent(c.name(), c) != null || c.name().equals(TREND)) {
                throw new IllegalArgumentException("duplicate check name: " + c.name());
            }
        }
    }

    public static Checks builtIn() {
        return new Checks(List.of(new DiskSpaceCheck(), new DiskInodesCheck(), new CpuCheck(), new MemoryCheck(),
                new ProcessesCheck(), new ConfigIntegrityCheck(), new ClockSyncCheck(), new LogsCheck(), new AlarmsCheck(),
                new HeartbeatCheck()));
    }

    public List<Check> all() {
        return new ArrayList<>(byName.values());
    }

    public List<String> names() {
        List<String> n = new ArrayList<>(byName.keySet());
        n.add(TREND);
        return n;
    }

    /** The checks a --checks list names (null or empty: all); an unknown name is a usage error. */
    public Selection select(List<String> names) {
        if (names == null || names.isEmpty()) {
            return new Selection(all(), true);
        }
        List<Check> out = new ArrayList<>();
        boolean trend = false;
        for (String raw : names) {
            String n = raw.trim();
            if (n.equals(TREND)) {
                trend = true;
            } else if (byName.containsKey(n)) {
                out.add(byName.get(n));
            } else {
                String close = Suggest.closest(n, names());
                throw new UsageException("no check named '" + n + "'" + (close != null ? "; did you mean '" + close + "'?" : "")
                        + " (see: vigil healthcheck list)");
            }
        }
        return new Selection(out, trend);
    }

    public record Selection(List<Check> checks, boolean trend) {
    }
}
