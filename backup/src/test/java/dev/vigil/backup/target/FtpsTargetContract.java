package dev.vigil.backup.target;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The target contract against the embedded FTPS server, in explicit or implicit TLS. */
abstract class FtpsTargetContract extends TargetContract {
    @TempDir
    static Path dir;
    static FtpsFixture server;

    static void start(boolean implicit) throws Exception {
        server = new FtpsFixture(dir, implicit);
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
