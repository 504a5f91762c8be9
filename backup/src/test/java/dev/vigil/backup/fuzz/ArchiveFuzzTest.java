package dev.vigil.backup.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.backup.FromTarget;
import dev.vigil.backup.Model;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Manifests, catalogs and archives are read back from a backup server, which may be compromised or
 * simply corrupt. Whatever bytes come back, reading them ends in an IOException naming the problem,
 * and no path from a manifest resolves outside the restore directory.
 */
class ArchiveFuzzTest {
    private static final Path ROOT = Path.of("/srv/restore").toAbsolutePath();

    // one input that takes a minute is a finding (a hang); Jazzer turns this into libFuzzer's -timeout
    @org.junit.jupiter.api.Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS)
    @FuzzTest(maxDuration = "10s")
    void manifestReadBack(byte[] data) {
        Model.Manifest m;
        try {
            m = FromTarget.manifest(data);
        } catch (IOException expected) {
            return;
        }
        for (Model.FileEntry f : m.files()) {
            try {
                Path p = FromTarget.restorePath(ROOT, f.path());
                assertThat(p.startsWith(ROOT) && !p.equals(ROOT)).as(p.toString()).isTrue();
            } catch (IOException refused) {
                // a path that would leave the restore directory is refused
            }
        }
    }

    // one input that takes a minute is a finding (a hang); Jazzer turns this into libFuzzer's -timeout
    @org.junit.jupiter.api.Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS)
    @FuzzTest(maxDuration = "10s")
    void catalogReadBack(byte[] data) {
        try {
            FromTarget.catalog(data);
        } catch (IOException expected) {
            // named as the catalog's problem
        }
    }

    // one input that takes a minute is a finding (a hang); Jazzer turns this into libFuzzer's -timeout
    @org.junit.jupiter.api.Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS)
    @FuzzTest(maxDuration = "10s")
    void filesArchiveReadBack(byte[] data) {
        try {
            FromTarget.tarEntries(data);
        } catch (IOException expected) {
            // a corrupt archive: verify names it, restore refuses it
        }
    }
}
