package dev.vigil.healthcheck.checks;

import dev.vigil.healthcheck.parse.MountStats;

/** Inodes used on every real mounted filesystem: the platform requires under 80%. */
public final class DiskInodesCheck extends MountUsageCheck {
    @Override
    public String name() {
        return "disk-inodes";
    }

    @Override
    public String description() {
        return "inodes used on every real mounted filesystem (the platform requires under 80%)";
    }

    @Override
    Double value(MountStats.Mount m) {
        return m.inodesPct();
    }

    @Override
    String what() {
        return "of inodes used";
    }
}
