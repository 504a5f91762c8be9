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

    /** The layout is named in one place; existing state dirs keep working, so these names never change. */
    @Test
    void theLayoutIsTheOneExistingStateDirsHave() {
        StateDir d = new StateDir(dir);
        assertThat(dir.relativize(d.backups())).isEqualTo(Path.of("backups"));
        assertThat(dir.relativize(d.healthcheckRuns())).isEqualTo(Path.of("healthcheck/runs"));
        assertThat(dir.relativize(d.baseline())).isEqualTo(Path.of("healthcheck/baseline.json"));
        assertThat(dir.relativize(d.namedRuns())).isEqualTo(Path.of("healthcheck/named"));
        assertThat(dir.relativize(d.kbox())).isEqualTo(Path.of("kbox"));
        assertThat(dir.relativize(d.collect())).isEqualTo(Path.of("collect"));
        assertThat(dir.relativize(d.activeAlarms())).isEqualTo(Path.of("alarms/active.json"));
        assertThat(dir.relativize(d.playbookReports())).isEqualTo(Path.of("playbooks"));
        assertThat(dir.relativize(d.bmcEvents())).isEqualTo(Path.of("bmc-events"));
        assertThat(dir.relativize(d.schedule())).isEqualTo(Path.of("schedule"));
        assertThat(dir.relativize(d.power())).isEqualTo(Path.of("power"));
        assertThat(dir.relativize(d.knownHosts())).isEqualTo(Path.of("known_hosts"));
        assertThat(Files.exists(dir.resolve("backups"))).as("naming a path makes nothing").isFalse();
    }
}
