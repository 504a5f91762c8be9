package dev.vigil.core.state;

import dev.vigil.core.error.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateDirTest {
    @TempDir
    Path dir;

    @Test
    void theDefault_followsHome_notThePasswdEntry() {
        // a service user such as nobody has /nonexistent in passwd; the shell's HOME is what the operator set
        assertThat(StateDir.defaultPath(Map.of("HOME", "/srv/ops"), "nobody", "/nonexistent")).isEqualTo(Path.of("/srv/ops/.local/state/vigil"));
        assertThat(StateDir.defaultPath(Map.of(), "nobody", "/home/nobody")).isEqualTo(Path.of("/home/nobody/.local/state/vigil"));
        assertThat(StateDir.defaultPath(Map.of("XDG_STATE_HOME", "/x", "HOME", "/h"), "ops", "/h")).isEqualTo(Path.of("/x/vigil"));
        assertThat(StateDir.defaultPath(Map.of("HOME", "/h"), "root", "/root")).isEqualTo(Path.of("/var/lib/vigil"));
    }

    @Test
    void aStateDirOthersMayWriteTo_isRefused_andANewOneIs0700() throws Exception {
        Path fresh = dir.resolve("a/b/state");
        new StateDir(fresh).ensure();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
        Path group = Files.createDirectories(dir.resolve("group"));
        Files.setPosixFilePermissions(group, PosixFilePermissions.fromString("rwxrwx---"));
        assertThatThrownBy(() -> new StateDir(group).ensure()).isInstanceOf(UsageException.class).hasMessageContaining("writable by its group")
                .hasMessageContaining("chmod 700");
    }
}
