package dev.vigil.backup.target;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The retry decorator: transient failures are tried again with a doubling backoff, others fail at once, any target. */
class RetryingTargetTest {
    /** A target whose opens fail as scripted, then succeed with a session on a local directory. */
    static final class Scripted implements Target {
        final Deque<IOException> failures;
        int opens;
        final List<Long> at = new java.util.ArrayList<>();

        Scripted(IOException... failures) {
            this.failures = new ArrayDeque<>(List.of(failures));
        }

        @Override
        public String display() {
            return "scripted";
        }

        @Override
        public Session open(boolean create) throws IOException {
            opens++;
            at.add(System.nanoTime());
            if (!failures.isEmpty()) {
                throw failures.pop();
            }
            return new LocalTarget(java.nio.file.Files.createTempDirectory("retry"), "local").open(true);
        }
    }

    private static RetryingTarget.Transient down() {
        return new RetryingTarget.Transient("the server does not answer (Connection refused)", new ConnectException("Connection refused"));
    }

    @Test
    void transientFailuresAreRetriedWithADoublingBackoff() throws Exception {
        Scripted s = new Scripted(down(), down());
        try (Target.Session session = new RetryingTarget(s, 3, Duration.ofMillis(40)).open()) {
            assertThat(session.list("")).isEmpty();
        }
        assertThat(s.opens).isEqualTo(3);
        long first = (s.at.get(1) - s.at.get(0)) / 1_000_000;
        long second = (s.at.get(2) - s.at.get(1)) / 1_000_000;
        assertThat(first).isGreaterThanOrEqualTo(40);
        assertThat(second).isGreaterThanOrEqualTo(80);
    }

    @Test
    void aPermanentFailureIsNotRetried() {
        Scripted s = new Scripted(new IOException("scripted: login refused for backup"));
        assertThatThrownBy(() -> new RetryingTarget(s, 3, Duration.ofSeconds(5)).open()).hasMessage("scripted: login refused for backup");
        assertThat(s.opens).isEqualTo(1);
    }

    @Test
    void exhaustedRetriesNameTheTargetTheCauseAndTheAttempts() {
        Scripted s = new Scripted(down(), down(), down());
        assertThatThrownBy(() -> new RetryingTarget(s, 2, Duration.ofMillis(1)).open())
                .hasMessage("scripted: the server does not answer (Connection refused) (after 3 attempts)")
                .hasCauseInstanceOf(ConnectException.class);
        assertThat(s.opens).isEqualTo(3);
    }

    @Test
    void anFtpsTargetAloneTriesOnceAndSaysTheFailureIsTransient() throws Exception {
        int closed;
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closed = ss.getLocalPort();
        }
        Target t = new FtpsTarget("primary", "127.0.0.1", closed, false, "u", "/", "p"::toCharArray,
                () -> javax.net.ssl.SSLContext.getDefault(), Duration.ofSeconds(2));
        assertThatThrownBy(t::open).isInstanceOf(RetryingTarget.Transient.class).hasMessageContaining("does not answer");
    }
}
