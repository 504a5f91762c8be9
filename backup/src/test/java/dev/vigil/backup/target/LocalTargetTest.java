package dev.vigil.backup.target;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class LocalTargetTest extends TargetContract {
    @TempDir
    Path dir;

    @Override
    protected Target target() {
        return new LocalTarget(dir.resolve("backups"), "file://" + dir);
    }
}
