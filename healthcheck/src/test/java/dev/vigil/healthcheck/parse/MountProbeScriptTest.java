package dev.vigil.healthcheck.parse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The real probe script under /bin/sh on this machine. */
class MountProbeScriptTest {
    @TempDir
    Path dir;

    private String run(String prefix, int tenths) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c", prefix + MountStats.script(tenths)).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        return out;
    }

    @Test
    void listsTheRootFilesystem_andSkipsPseudoOnes() throws Exception {
        List<MountStats.Mount> mounts = MountStats.parse(run("", 50));
        assertThat(mounts).extracting(MountStats.Mount::mountPoint).contains("/").doesNotContain("/proc", "/sys", "/dev/pts");
        assertThat(mounts).allSatisfy(m -> assertThat(m.fsType()).isNotIn("proc", "sysfs", "cgroup", "devpts"));
    }

    @Test
    void aHungMount_isReportedAtItsDeadline_andDoesNotStallTheProbe() throws Exception {
        // a stat that never answers for "/" stands in for a hung NFS mount
        Path fake = dir.resolve("bin");
        Files.createDirectories(fake);
        Path stat = fake.resolve("stat");
        Files.writeString(stat, "#!/bin/sh\nfor a; do last=$a; done\nif [ \"$last\" = / ]; then exec sleep 30; fi\nexec /usr/bin/stat \"$@\"\n");
        stat.toFile().setExecutable(true);
        long start = System.nanoTime();
        String out = run("PATH=" + fake + ":$PATH; ", 10);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(ms).as("the probe waited for the hung mount").isLessThan(5_000);
        MountStats.Mount root = MountStats.parse(out).stream().filter(m -> m.mountPoint().equals("/")).findFirst().orElseThrow();
        assertThat(root.state()).isEqualTo(MountStats.State.HUNG);
    }
}
