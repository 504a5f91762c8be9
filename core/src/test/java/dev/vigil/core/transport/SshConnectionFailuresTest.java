package dev.vigil.core.transport;

import dev.vigil.core.error.UsageException;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Outcome;
import dev.vigil.core.testing.EmbeddedSshServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How SSH connections fail: each failure is the right outcome with a message that says what to do. */
class SshConnectionFailuresTest {
    @TempDir
    Path dir;
    private EmbeddedSshServer server;

    @BeforeEach
    void start() throws Exception {
        server = EmbeddedSshServer.start(dir);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private Node node(String name, int port) {
        return new Node(name, "127.0.0.1", port, System.getProperty("user.name"), List.of(), false, Set.of(), Map.of(), null);
    }

    private SshOptions options(Path key, Path knownHosts, boolean acceptNew) {
        return new SshOptions(null, null, List.of(key), knownHosts, List.of(), acceptNew, Duration.ofSeconds(3),
                Duration.ofSeconds(15), 3, null, null, null, false);
    }

    private String presentedFingerprint() {
        String line = EmbeddedSshServer.publicKeyLine(server.hostPublicKey());
        return KnownHosts.fingerprint(Base64.getDecoder().decode(line.split(" ")[1]));
    }

    @Test
    void unknownHostKey_isRefusedNamingFingerprintAndTheTrustCommand() {
        Path empty = dir.resolve("empty_known_hosts");
        try (Connections c = new Connections(options(server.clientKey(), empty, false), Map.of())) {
            assertThatThrownBy(() -> c.open(node("cna-01", server.port())))
                    .isInstanceOfSatisfying(TransportException.class, e -> {
                        assertThat(e.outcome()).isEqualTo(Outcome.HOST_KEY_REJECTED);
                        assertThat(e.getMessage()).contains("unknown host key for cna-01 ([127.0.0.1]:" + server.port() + ")")
                                .contains("ECDSA " + presentedFingerprint())
                                .contains("vigil inventory trust -l cna-01");
                    });
        }
        assertThat(empty).doesNotExist();
    }

    @Test
    void changedHostKey_isAlwaysRefusedWithBothFingerprints() throws Exception {
        String otherKey = EmbeddedSshServer.publicKeyLine(EmbeddedSshServer.newKeyPair().getPublic());
        Path known = dir.resolve("changed_known_hosts");
        Files.writeString(known, "[127.0.0.1]:" + server.port() + " " + otherKey + "\n");
        String knownFp = KnownHosts.fingerprint(Base64.getDecoder().decode(otherKey.split(" ")[1]));
        for (boolean acceptNew : new boolean[] {false, true}) {
            try (Connections c = new Connections(options(server.clientKey(), known, acceptNew), Map.of())) {
                assertThatThrownBy(() -> c.open(node("vrm-01", server.port())))
                        .isInstanceOfSatisfying(TransportException.class, e -> {
                            assertThat(e.outcome()).isEqualTo(Outcome.HOST_KEY_REJECTED);
                            assertThat(e.getMessage()).contains("has CHANGED").contains("known ECDSA " + knownFp)
                                    .contains("presented ECDSA " + presentedFingerprint()).contains("ssh-keygen -R");
                        });
            }
        }
        assertThat(Files.readString(known)).as("a changed key is never recorded").hasLineCount(1).contains(otherKey);
    }

    @Test
    void trustOnFirstUse_recordsTheKeyOnceThenVerifiesIt() throws Exception {
        Path known = dir.resolve("state/known_hosts");
        try (Connections c = new Connections(options(server.clientKey(), known, true), Map.of())) {
            Transport t = c.open(node("cna-02", server.port()));
            assertThat(t.connectionInfo().hostKeyNewlyTrusted()).isTrue();
            assertThat(t.exec("echo hi", Duration.ofSeconds(5)).stdout()).isEqualTo("hi\n");
        }
        assertThat(Files.readString(known)).startsWith("[127.0.0.1]:" + server.port() + " ecdsa-sha2-nistp256 ");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(known))).isEqualTo("rw-------");
        try (Connections c = new Connections(options(server.clientKey(), known, false), Map.of())) {
            Transport t = c.open(node("cna-02", server.port()));
            assertThat(t.connectionInfo().hostKeyNewlyTrusted()).isFalse();
            assertThat(t.connectionInfo().hostKey()).isEqualTo("ECDSA " + presentedFingerprint());
        }
        assertThat(Files.readString(known)).hasLineCount(1);
    }

    @Test
    void wrongKey_isAuthFailed() throws Exception {
        Path wrong = dir.resolve("wrong_key");
        EmbeddedSshServer.newClientKey(wrong);
        try (Connections c = new Connections(options(wrong, server.knownHosts(), false), Map.of())) {
            assertThatThrownBy(() -> c.open(node("db-01", server.port())))
                    .isInstanceOfSatisfying(TransportException.class, e -> {
                        assertThat(e.outcome()).isEqualTo(Outcome.AUTH_FAILED);
                        assertThat(e.getMessage()).startsWith("authentication failed for db-01").contains(wrong.toString());
                    });
        }
    }

    @Test
    void closedPort_isUnreachableAtOnce_andStaysSoForTheRun() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (Connections c = new Connections(options(server.clientKey(), server.knownHosts(), false), Map.of())) {
            long start = System.nanoTime();
            Node down = node("cna-03", closed);
            assertThatThrownBy(() -> c.open(down)).isInstanceOfSatisfying(TransportException.class, e -> {
                assertThat(e.outcome()).isEqualTo(Outcome.UNREACHABLE);
                assertThat(e.getMessage()).contains("connection refused");
            });
            assertThatThrownBy(() -> c.open(down)).isInstanceOf(TransportException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void addressWithShellMetacharacters_isUnreachableWithoutAnyConnection() {
        Node evil = new Node("a;rm -rf /", null, 22, "root", List.of(), false, Set.of(), Map.of(), null);
        try (Connections c = new Connections(options(server.clientKey(), server.knownHosts(), false), Map.of())) {
            assertThatThrownBy(() -> c.open(evil)).isInstanceOfSatisfying(TransportException.class, e -> {
                assertThat(e.outcome()).isEqualTo(Outcome.UNREACHABLE);
                assertThat(e.getMessage()).contains("is not a valid host name or address");
            });
        }
    }

    @Test
    void missingIdentityFile_isAUsageErrorBeforeAnythingRuns() {
        Path missing = dir.resolve("no_such_key");
        try (Connections c = new Connections(options(missing, server.knownHosts(), false), Map.of())) {
            assertThatThrownBy(() -> c.preflight(List.of(node("n", server.port()))))
                    .isInstanceOf(UsageException.class)
                    .hasMessage("identity file " + missing + " does not exist or is not readable (check --identity)");
        }
        Node withKey = new Node("cna-04", "127.0.0.1", 22, null, List.of(missing.toString()), false, Set.of(), Map.of(), null);
        try (Connections c = new Connections(options(server.clientKey(), server.knownHosts(), false), Map.of())) {
            assertThatThrownBy(() -> c.preflight(List.of(withKey))).isInstanceOf(UsageException.class)
                    .hasMessageContaining("for node cna-04");
        }
    }

    @Test
    void passwordFromAnUnsetVariable_isAUsageErrorNamingTheVariable() {
        SshOptions o = new SshOptions(null, null, List.of(server.clientKey()), server.knownHosts(), List.of(), false,
                Duration.ofSeconds(3), Duration.ofSeconds(15), 3, dev.vigil.core.config.SecretRef.env("VIGIL_TEST_PW"), null, null, false);
        try (Connections c = new Connections(o, Map.of())) {
            assertThatThrownBy(() -> c.preflight(List.of(node("n", server.port()))))
                    .isInstanceOf(UsageException.class).hasMessage("environment variable VIGIL_TEST_PW is not set (it should hold a secret)");
        }
    }

    @Test
    void passwordFromAnEnvVariable_authenticates_andAWrongOneIsAuthFailedWithoutShowingIt() throws Exception {
        SshOptions o = new SshOptions(null, null, List.of(), server.knownHosts(), List.of(), false, Duration.ofSeconds(3),
                Duration.ofSeconds(15), 3, dev.vigil.core.config.SecretRef.env("PW"), null, null, false);
        Node n = new Node("pw-node", "127.0.0.1", server.port(), "nobody-with-a-key", List.of(), false, Set.of(), Map.of(), null);
        try (Connections c = new Connections(o, Map.of("PW", EmbeddedSshServer.PASSWORD))) {
            assertThat(c.open(n).exec("echo in", Duration.ofSeconds(5)).stdout()).isEqualTo("in\n");
        }
        try (Connections c = new Connections(o, Map.of("PW", "wrong-secret-991"))) {
            assertThatThrownBy(() -> c.open(n)).isInstanceOfSatisfying(TransportException.class, e -> {
                assertThat(e.outcome()).isEqualTo(Outcome.AUTH_FAILED);
                assertThat(e.getMessage()).contains("password from env:PW").doesNotContain("wrong-secret-991");
            });
        }
    }
}
