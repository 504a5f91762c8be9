package dev.vigil.healthcheck.checks;

import dev.vigil.healthcheck.parse.MountStats;

/** Space used on every real mounted filesystem, as df computes it. */
public final class DiskSpaceCheck extends MountUsageCheck {
    @Override
    public String name() {
        return "disk-space";
    }

    @Override
    public String description() {
        return "space used on every real mounted filesystem (pseudo and read-only ones skipped)";
    }

    @Override
    Double value(MountStats.Mount m) {
        return m.spacePct();
    }

    @Override
    String what() {
        return "used";
    }
}
