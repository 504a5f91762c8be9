package dev.vigil.backup.target;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class FtpsImplicitTargetTest extends TargetContract {
    @TempDir
    static Path dir;
    static FtpsFixture server;

    @BeforeAll
    static void start() throws Exception {
        server = new FtpsFixture(dir, true);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    protected Target target() {
        try {
            return server.target("/backups");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
