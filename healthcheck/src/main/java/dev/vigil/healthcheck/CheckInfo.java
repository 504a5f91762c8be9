package dev.vigil.healthcheck;

import java.util.List;

/** What every kind of check says about itself: the registry, {@code healthcheck list}, Settings and the config schema read it. */
public interface CheckInfo {
    /** The operator's name for it, e.g. "disk-inodes"; unique in the registry. */
    String name();

    /** Earlier names that --checks still accepts for it (a renamed check keeps working in playbooks and crontabs). */
    default List<String> aliases() {
        return List.of();
    }

    /** What it looks at, one line, for {@code vigil healthcheck list}. */
    String description();

    /** Its thresholds as configured for a node with these settings, one line. */
    String describe(Settings settings);

    /**
     * The thresholds it reads from {@code healthcheck.thresholds} (and groups', nodes', mounts'), with their
     * defaults: {@link Settings} starts from these, and the config accepts exactly these names.
     */
    default List<ThresholdSpec> thresholds() {
        return List.of();
    }
}
