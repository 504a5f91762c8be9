package dev.vigil.backup.target;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The target contract against a real Samba (e2e/smbd.sh: smbd on 127.0.3.20 with its own config and
 * state, signing mandatory, encryption required), where this runs as root with Samba installed (CI
 * installs it); and what an SMB target says when the password, the share or the encryption is wrong.
 */
class SmbTargetTest extends TargetContract {
    private static final Path SCRIPT = Path.of("../e2e/smbd.sh");
    private static final String RUN = Long.toString(System.nanoTime(), 36);

    @BeforeAll
    static void samba() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/smbd")),
                "needs root and Samba (Debian: samba) to start smbd on 127.0.3.20:445");
        script("start");
    }

    @AfterAll
    static void stop() throws Exception {
        if ("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/smbd"))) {
            script("stop");
        }
    }

    private static void script(String what) throws Exception {
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), what).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private static Target target(String host, String password, String share, boolean encrypt) {
        return new SmbTarget("smb", host, 445, "VIGILTEST", "vigilsmb", share, "contract-" + RUN, password::toCharArray,
                Duration.ofSeconds(10), true, encrypt);
    }

    @Override
    protected Target target() {
        return target("127.0.3.20", "vigil-smb", "backup$", true);
    }

    @Test
    void aWrongPasswordMissingShareOrClearServer_isSaidPlainly() {
        assertThatThrownBy(() -> target("127.0.3.20", "wrong", "backup$", true).open().close())
                .hasMessageContaining("smb: login refused for VIGILTEST\\vigilsmb");
        assertThatThrownBy(() -> target("127.0.3.20", "vigil-smb", "nosuch$", true).open().close())
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("the server has no share 'nosuch$'");
        Target absent = new SmbTarget("smb", "127.0.3.20", 445, "VIGILTEST", "vigilsmb", "backup$", "absent-" + RUN,
                "vigil-smb"::toCharArray, Duration.ofSeconds(10), true, true);
        assertThatThrownBy(() -> absent.open(false).close())
                .as("reading commands never create the directory").isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> target("127.0.3.21", "vigil-smb", "backup$", true).open().close())
                .as("a server that does not encrypt is refused by default")
                .hasMessageStartingWith("smb: the server does not offer SMB 3 encryption").hasMessageContaining("smb_encrypt: false");
        assertThat(target("127.0.3.21", "vigil-smb", "backup$", false).warnings()).singleElement().asString().contains("encryption is off");
    }

    @Test
    void aServerThatIsNotThere_isTransient() {
        Target t = new SmbTarget("smb", "127.0.3.29", 445, null, "vigilsmb", "backup$", "", "x"::toCharArray, Duration.ofSeconds(2), true, true);
        assertThatThrownBy(() -> t.open().close()).isInstanceOf(RetryingTarget.Transient.class).hasMessageContaining("does not answer");
    }
}
