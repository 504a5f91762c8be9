package dev.vigil.backup.target;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FtpsExplicitTargetTest extends FtpsTargetContract {
    @BeforeAll
    static void startServer() throws Exception {
        start(false);
    }

    @Test
    void anUntrustedCertificateIsRefusedWithHowToTrustIt() throws Exception {
        Target t = new RetryingTarget(new FtpsTarget("primary", "127.0.0.1", server.port(), false, FtpsFixture.USER, "/", FtpsFixture.PASSWORD::toCharArray,
                () -> dev.vigil.core.tls.TlsTrust.context(null), Duration.ofSeconds(5)), 2, Duration.ofMillis(10));
        assertThatThrownBy(t::open).hasMessageContaining("certificate is not trusted").hasMessageContaining("--ca-file");
    }

    @Test
    void aWrongPasswordIsNotRetried() throws Exception {
        Target t = new RetryingTarget(new FtpsTarget("primary", "127.0.0.1", server.port(), false, FtpsFixture.USER, "/", "wrong"::toCharArray,
                () -> dev.vigil.core.tls.TlsTrust.context(server.caFile()), Duration.ofSeconds(5)), 3, Duration.ofSeconds(5));
        long start = System.nanoTime();
        assertThatThrownBy(t::open).hasMessageContaining("login refused");
        org.assertj.core.api.Assertions.assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aServerThatIsDownIsRetriedThenReported() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        Target t = new RetryingTarget(new FtpsTarget("primary", "127.0.0.1", closed, false, FtpsFixture.USER, "/", FtpsFixture.PASSWORD::toCharArray,
                () -> dev.vigil.core.tls.TlsTrust.context(server.caFile()), Duration.ofSeconds(2)), 2, Duration.ofMillis(50));
        assertThatThrownBy(t::open).hasMessageContaining("does not answer").hasMessageContaining("after 3 attempts");
    }
}
