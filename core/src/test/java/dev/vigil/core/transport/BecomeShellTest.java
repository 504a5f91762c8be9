package dev.vigil.core.transport;

import dev.vigil.core.config.SecretRef;
import dev.vigil.core.inventory.Become;
import dev.vigil.core.result.Outcome;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What become sends to a node, with sudo's answers scripted: the password never on a command line, tried once. */
class BecomeShellTest {
    private final List<String> lines = new ArrayList<>();
    private final List<String> stdins = new ArrayList<>();

    private BecomeShell.Raw sudo(boolean nopasswd, String acceptedPassword) {
        return (line, stdin) -> {
            lines.add(line);
            String in = new String(stdin, StandardCharsets.UTF_8);
            stdins.add(in);
            boolean ok = line.contains(" -n ") ? nopasswd : in.equals(acceptedPassword + "\n");
            return new ExecResult(ok ? 0 : 1, "", ok ? "" : "sudo: 1 incorrect password attempt", false, false, false, Duration.ZERO);
        };
    }

    private static BecomeShell shell(SecretRef password) {
        return new BecomeShell(new Become(Become.Method.SUDO, "root", password), "node-1", Map.of("PW", "s3cret pw"));
    }

    @Test
    void nopasswd_sendsNoPassword() throws Exception {
        BecomeShell b = shell(SecretRef.env("PW"));
        b.ready(sudo(true, null));
        assertThat(b.commandLine("echo $$; id")).isEqualTo("exec sudo -n -H -u root -- /bin/sh -c 'echo $$; id'");
        assertThat(b.feedsStdin()).isFalse();
        assertThat(b.stdin(null)).isNull();
    }

    @Test
    void withAPassword_itGoesOnStdinAheadOfTheInput_neverOnTheCommandLine() throws Exception {
        BecomeShell b = shell(SecretRef.env("PW"));
        b.ready(sudo(false, "s3cret pw"));
        String line = b.commandLine("echo $$; cat");
        assertThat(line).isEqualTo("exec sudo -S -k -p '' -H -u root -- /bin/sh -c 'echo $$; cat'").doesNotContain("s3cret");
        assertThat(lines).noneMatch(l -> l.contains("s3cret"));
        try (InputStream in = b.stdin(new java.io.ByteArrayInputStream("data".getBytes(StandardCharsets.UTF_8)))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("s3cret pw\ndata");
        }
    }

    @Test
    void aRefusedPassword_isTriedOnce_laterCommandsFailTheSameWay() {
        BecomeShell b = shell(SecretRef.env("PW"));
        BecomeShell.Raw raw = sudo(false, "another");
        assertThatThrownBy(() -> b.ready(raw)).isInstanceOfSatisfying(TransportException.class, e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.AUTH_FAILED);
            assertThat(e.getMessage()).contains("refused the password from env:PW").doesNotContain("s3cret");
        });
        assertThatThrownBy(() -> b.ready(raw)).isInstanceOf(TransportException.class).hasMessageContaining("refused the password");
        assertThat(lines).as("one sudo -n probe and one password check, for both commands").hasSize(2);
    }

    @Test
    void noPasswordWhereSudoWantsOne_saysHowToGiveIt() {
        BecomeShell b = shell(null);
        assertThatThrownBy(() -> b.ready(sudo(false, null))).hasMessageContaining("did not run as root without a password")
                .hasMessageContaining("ansible_become_password_file");
    }
}
