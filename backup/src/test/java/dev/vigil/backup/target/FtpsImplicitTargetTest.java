package dev.vigil.backup.target;

import org.junit.jupiter.api.BeforeAll;

class FtpsImplicitTargetTest extends FtpsTargetContract {
    @BeforeAll
    static void startServer() throws Exception {
        start(true);
    }
}
