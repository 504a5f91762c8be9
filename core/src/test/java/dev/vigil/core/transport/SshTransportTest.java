package dev.vigil.core.transport;

import dev.vigil.core.inventory.Node;
import dev.vigil.core.testing.EmbeddedSshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The contract over real SSH to an embedded server on loopback, one session reused by all commands. */
class SshTransportTest extends TransportContract {
    @TempDir
    static Path serverDir;
    private static EmbeddedSshServer server;
    private static Connections connections;
    private static Node node;

    @BeforeAll
    static void startServer() throws Exception {
        server = EmbeddedSshServer.start(serverDir);
        connections = new Connections(options(server), Map.of());
        node = new Node("loop", "127.0.0.1", server.port(), System.getProperty("user.name"), List.of(), false, Set.of(), Map.of(), null);
    }

    static SshOptions options(EmbeddedSshServer s) {
        return new SshOptions(null, null, List.of(s.clientKey()), s.knownHosts(), List.of(), false, Duration.ofSeconds(5),
                Duration.ofSeconds(15), 3, null, null, null, false);
    }

    @AfterAll
    static void stopServer() throws Exception {
        connections.close();
        server.close();
    }

    @Override
    protected Transport transport() throws Exception {
        return connections.open(node);
    }
}
