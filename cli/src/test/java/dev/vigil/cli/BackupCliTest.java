package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** vigil backup on the local machine to a directory target: the commands, their output and their refusals. */
class BackupCliTest {
    @TempDir
    Path dir;
    Path data;
    String out;
    String err;

    @BeforeEach
    void setUp() throws Exception {
        data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("a.conf"), "a=1\n");
        Files.writeString(dir.resolve("vigil.yaml"), "backup:\n  keep: 2\n  compression: zstd\n");
    }

    private int vigil(String... args) {
        InProcess r = InProcess.run(dir.resolve("st"), dir.resolve("vigil.yaml"), args);
        out = r.out();
        err = r.err();
        return r.code();
    }

    @Test
    void runListPruneAndRestore_withZstd_toTheStateDirByDefault() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(vigil("backup", "run", "--type", "pre-risk", "--reason", "change " + i, "--paths", data.toString())).as(err).isZero();
        }
        assertThat(vigil("backup", "list", "--format", "json")).isZero();
        JsonNode list = new ObjectMapper().readTree(out);
        assertThat(list.get("target").asText()).endsWith("/st/backups");
        assertThat(list.get("generations")).hasSize(2); // keep: 2, pruned after the third run
        assertThat(list.get("generations").get(0).get("reason").asText()).isEqualTo("change 2");
        assertThat(Files.list(dir.resolve("st/backups/nodes/localhost")).anyMatch(p -> Files.exists(p.resolve("files.tar.zst")))).isTrue();

        assertThat(vigil("backup", "prune", "--dry-run")).isZero();
        assertThat(out).contains("would delete 0 generations");
        assertThat(vigil("backup", "verify")).isZero();
        assertThat(out).contains("2 generations verified, 0 with problems");

        Files.writeString(data.resolve("a.conf"), "a=broken\n");
        assertThat(vigil("backup", "restore", "--node", "localhost", "--to", dir.resolve("r").toString(), "--dry-run")).isZero();
        assertThat(out).contains("+ " + data.resolve("a.conf"));
        assertThat(vigil("backup", "restore", "--node", "localhost", "--to", dir.resolve("r").toString())).isZero();
        assertThat(Files.readString(dir.resolve("r").resolve(data.toString().substring(1)).resolve("a.conf"))).isEqualTo("a=1\n");
        // --paths: only what matches
        assertThat(vigil("backup", "restore", "--node", "localhost", "--to", dir.resolve("only").toString(), "--paths", "**/*.txt")).isZero();
        assertThat(out).contains("0 entries");
        assertThat(dir.resolve("only").resolve(data.toString().substring(1)).resolve("a.conf")).doesNotExist();
    }

    @Test
    void badInputIsOneLineAndExit64() {
        assertThat(vigil("backup", "run", "--type", "pre-risk", "--paths", data.toString())).isEqualTo(64);
        assertThat(err).contains("--reason");
        assertThat(vigil("backup", "run", "--type", "weekly", "--paths", data.toString())).isEqualTo(64);
        assertThat(err).contains("unknown backup type 'weekly'");
        assertThat(vigil("backup", "run", "--type", "full")).isEqualTo(64);
        assertThat(err).contains("--paths");
        assertThat(vigil("backup", "run", "--type", "full", "--paths", "relative/dir")).isEqualTo(64);
        assertThat(err).contains("absolute");
        assertThat(vigil("backup", "list", "--target", "ftpes://bk:secret@127.0.0.1/x")).isEqualTo(64);
        assertThat(err).contains("password in the target URL is refused").doesNotContain("secret@");
        assertThat(vigil("backup", "list", "--target", "nosuch")).isEqualTo(64);
        assertThat(err).contains("unknown target 'nosuch'");
        assertThat(vigil("backup", "restore", "--node", "localhost")).isEqualTo(64);
        assertThat(err).contains("--to DIR or --in-place");
        assertThat(vigil("backup", "restore", "--node", "localhost", "--to", dir.resolve("r").toString())).isEqualTo(64);
        assertThat(err).contains("no generation of localhost");
        assertThat(err.strip().lines()).hasSize(1);
    }

    /** The backup server watched by its results: a node without a backup within max_age is CRIT, an alarm with --alarms, cleared by a new backup. */
    @Test
    void check_aStaleNodeIsCrit_andAnAlarmUntilANewBackup() throws Exception {
        assertThat(vigil("backup", "check", "--alarms")).as("no target yet: nothing to read is CRIT, never OK").isEqualTo(2);
        assertThat(vigil("backup", "run", "--type", "full", "--paths", data.toString(), "--alarms")).as(err).isZero();
        assertThat(vigil("backup", "check", "--alarms", "--format", "json")).as(out + err).isZero();
        assertThat(out).contains("\"stale\" : false").contains("\"max_age\" : \"26h\"");
        Files.writeString(dir.resolve("vigil.yaml"), "backup:\n  keep: 2\n  max_age: 1s\n");
        Thread.sleep(1500);
        assertThat(vigil("backup", "check", "--alarms")).isEqualTo(2);
        assertThat(out).contains("STALE").contains("without a complete backup within 1s");
        assertThat(vigil("alarms", "list", "--format", "json")).isEqualTo(2);
        assertThat(out).contains("\"source\" : \"backup\"").contains("\"item\" : \"backup-age\"").contains("\"state\" : \"FIRING\"");
        assertThat(vigil("backup", "run", "--type", "full", "--paths", data.toString(), "--alarms")).as(err).isZero();
        assertThat(vigil("backup", "check", "--alarms")).isZero();
        assertThat(vigil("alarms", "list")).as(out).isZero();
        assertThat(vigil("backup", "check", "--target", "file://" + dir.resolve("nowhere"))).isEqualTo(2);
        assertThat(out).contains("cannot read");
    }
}
