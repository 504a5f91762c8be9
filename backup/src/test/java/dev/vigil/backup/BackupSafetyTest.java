package dev.vigil.backup;

import dev.vigil.backup.BackupConfig.BackupSet;
import dev.vigil.backup.Model.Catalog;
import dev.vigil.backup.Model.Generation;
import dev.vigil.backup.Model.Type;
import dev.vigil.backup.target.LocalTarget;
import dev.vigil.backup.target.Target;
import dev.vigil.backup.target.Targets;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.fleet.FleetListener;
import dev.vigil.core.fleet.FleetRunner;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.text.RawNames;
import dev.vigil.core.transport.Connections;
import dev.vigil.core.transport.LocalTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Data safety of backup, restore and retention on a local target: what a bad night must not lose or overwrite. */
class BackupSafetyTest {
    @TempDir
    Path dir;
    Path data;
    Target target;
    Connections connections;
    List<String> paths;

    @BeforeEach
    void setUp() throws Exception {
        data = Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(data.resolve("sub"));
        Files.writeString(data.resolve("sub/app.conf"), "port=1\n");
        Files.writeString(data.resolve("big.bin"), "x".repeat(100_000));
        target = new LocalTarget(dir.resolve("target"), "file://" + dir.resolve("target"));
        connections = new Connections(null, Map.of());
        paths = List.of(data.toString());
    }

    @AfterEach
    void tearDown() {
        connections.close();
    }

    private Backups.NodeOutcome backup(Type type, List<String> include, double minRatio) throws Exception {
        BackupSet set = new BackupSet("t", List.of(), List.of(), include, List.of(), List.of());
        FleetRunner fleet = new FleetRunner(connections, 2, Duration.ofMinutes(2), FleetListener.NONE);
        return Backups.run(target, List.of(Node.localhost()), n -> set,
                new Backups.Request(type, type == Type.PRE_RISK ? "test" : null, Compression.DEFAULT, 3, Duration.ofHours(6),
                        Duration.ofMinutes(1), "test", minRatio), fleet).nodes().get(0);
    }

    private Backups.NodeOutcome backup(Type type) throws Exception {
        return backup(type, paths, 0.5);
    }

    private Catalog catalog() throws Exception {
        try (Target.Session s = target.open(false)) {
            return new Repository(target, s).catalog();
        }
    }

    private Path archiveOf(Generation g) {
        return dir.resolve("target/nodes/localhost/" + g.id() + "/files.tar.gz");
    }

    private static void flipByteIn(Path file) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0xff);
        }
    }

    private Restorer.Result restoreTo(Path out, String generation) throws Exception {
        try (Target.Session s = target.open(false)) {
            Repository repo = new Repository(target, s);
            Catalog c = repo.catalog();
            return Restorer.toDirectory(repo, c, Restorer.resolve(c, "localhost", generation), out, List.of(), false);
        }
    }

    private Restorer.Result restoreInPlace(List<String> globs) throws Exception {
        return restoreInPlace(globs, new LocalTransport(Node.localhost()));
    }

    private Restorer.Result restoreInPlace(List<String> globs, dev.vigil.core.transport.Transport t) throws Exception {
        try (Target.Session s = target.open(false)) {
            Repository repo = new Repository(target, s);
            Catalog c = repo.catalog();
            return Restorer.inPlace(repo, c, Restorer.resolve(c, "localhost", "latest"), t, globs, false, Duration.ofMinutes(1));
        }
    }

    interface FileChange {
        void apply() throws java.io.IOException;
    }

    /** The controller, where {@code change} happens on the node just before the SHA-256 read-back. */
    private static dev.vigil.core.transport.Transport changingBeforeReadBack(FileChange change) {
        LocalTransport local = new LocalTransport(Node.localhost());
        return new dev.vigil.core.transport.Transport() {
            @Override
            public Node node() {
                return local.node();
            }

            @Override
            public int run(String command, java.io.InputStream stdin, java.io.OutputStream stdout, java.io.OutputStream stderr, Duration timeout)
                    throws dev.vigil.core.transport.TransportException {
                if (command.contains("sha256sum")) {
                    try {
                        change.apply();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return local.run(command, stdin, stdout, stderr, timeout);
            }

            @Override
            public void close() {
                local.close();
            }
        };
    }

    @Test
    void inPlace_aFileAServiceWritesAgainAfterTheRestore_isANote_butARestoredFileWithTheWrongContentIsAProblem() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the in-place safety copy goes under /var/backups");
        assertThat(backup(Type.FULL).status()).isEqualTo("ok");
        Path conf = data.resolve("sub/app.conf");
        Files.writeString(conf, "damaged");

        // a service writes the file again (a new mtime) between the restore and the read-back
        Restorer.Result live = restoreInPlace(List.of(), changingBeforeReadBack(() -> {
            Files.writeString(conf, "written by the service\n");
            Files.setLastModifiedTime(conf, java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(5)));
        }));
        assertThat(live.problems()).isEmpty();
        assertThat(live.notes()).singleElement().asString().contains("sub/app.conf").contains("written again on the node after the restore");

        // the content differs but the mtime the restore set is still there: the restore itself went wrong
        Files.writeString(conf, "damaged");
        dev.vigil.core.transport.Transport corrupting = changingBeforeReadBack(() -> {
            java.nio.file.attribute.FileTime restored = Files.getLastModifiedTime(conf);
            Files.writeString(conf, "not what was backed up");
            Files.setLastModifiedTime(conf, restored);
        });
        Restorer.Result wrong = restoreInPlace(List.of(), corrupting);
        assertThat(wrong.notes()).isEmpty();
        assertThat(wrong.problems()).singleElement().asString().contains("sub/app.conf").contains("does not match");
    }

    // ---- restore never writes outside its directory ----

    @Test
    void restoreTo_aSymlinkLeftInsideTheDirectoryIsReplaced_neverWrittenThrough() throws Exception {
        assertThat(backup(Type.FULL).status()).isEqualTo("ok");
        Path out = dir.resolve("restore");
        Path outside = Files.createDirectories(dir.resolve("outside"));
        // an earlier restore (of a point where sub was a symlink) left this behind
        Path sub = out.resolve(data.toString().substring(1)).resolve("sub");
        Files.createDirectories(sub.getParent());
        Files.createSymbolicLink(sub, outside);
        Files.createSymbolicLink(sub.resolveSibling("big.bin"), outside.resolve("big.bin"));

        Restorer.Result r = restoreTo(out, "latest");

        assertThat(r.problems()).isEmpty();
        try (var l = Files.list(outside)) {
            assertThat(l.toList()).as("nothing written outside the restore directory").isEmpty();
        }
        assertThat(Files.isSymbolicLink(sub)).isFalse();
        assertThat(Files.readString(sub.resolve("app.conf"))).isEqualTo("port=1\n");
        assertThat(Files.isSymbolicLink(sub.resolveSibling("big.bin"))).isFalse();
    }

    @Test
    void restoreInPlace_replacesASymlinkOnTheNode_neverWritesThroughIt() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the in-place safety copy goes under /var/backups");
        assertThat(backup(Type.FULL).status()).isEqualTo("ok");
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path sub = data.resolve("sub");
        Files.delete(sub.resolve("app.conf"));
        Files.delete(sub);
        Files.createSymbolicLink(sub, outside);

        Restorer.Result r = restoreInPlace(List.of("**/app.conf"));

        assertThat(r.problems()).isEmpty();
        try (var l = Files.list(outside)) {
            assertThat(l.toList()).isEmpty();
        }
        assertThat(Files.isSymbolicLink(sub)).isFalse();
        assertThat(Files.readString(sub.resolve("app.conf"))).isEqualTo("port=1\n");
    }

    // ---- a corrupt archive never overwrites a good file ----

    @Test
    void restoreTo_fromACorruptArchive_leavesTheExistingFilesAsTheyWere() throws Exception {
        Generation g = backup(Type.FULL).generation();
        Path out = dir.resolve("restore");
        restoreTo(out, "latest");
        Path conf = out.resolve(data.toString().substring(1)).resolve("sub/app.conf");
        Files.writeString(conf, "the operator's good copy\n");
        flipByteIn(archiveOf(g));

        assertThatThrownBy(() -> restoreTo(out, "latest")).hasMessageContaining("corrupt").hasMessageContaining("nothing was written");
        assertThat(Files.readString(conf)).isEqualTo("the operator's good copy\n");
    }

    @Test
    void restoreInPlace_fromACorruptArchive_writesNothingOnTheNode() throws Exception {
        Generation g = backup(Type.FULL).generation();
        Files.writeString(data.resolve("sub/app.conf"), "live\n");
        flipByteIn(archiveOf(g));

        assertThatThrownBy(() -> restoreInPlace(List.of())).hasMessageContaining("corrupt");
        assertThat(Files.readString(data.resolve("sub/app.conf"))).isEqualTo("live\n");
        assertThat(Files.readString(data.resolve("big.bin"))).hasSize(100_000);
    }

    // ---- verify judges whole chains ----

    @Test
    void verify_anIncrementalWhoseFullIsCorrupt_isBroken_andNamesTheLink() throws Exception {
        Generation full = backup(Type.FULL).generation();
        Thread.sleep(1100);
        Files.writeString(data.resolve("sub/app.conf"), "port=2\n");
        Generation inc = backup(Type.INCREMENTAL).generation();
        assertThat(inc.parent()).isEqualTo(full.id());
        flipByteIn(archiveOf(full));
        try (Target.Session s = target.open(false)) {
            Repository repo = new Repository(target, s);
            Catalog c = repo.catalog();
            assertThat(Verifier.verify(repo, c, inc)).as("its own archives are sound").isEmpty();
            Map<Generation, Verifier.Verdict> all = Verifier.verifyAll(repo, c, List.of(inc));
            assertThat(all.get(inc).problems()).singleElement().asString().contains("chain broken at " + full.id());
            assertThat(all.get(inc).own()).isEmpty();
        }
    }

    // ---- empty and shrunken runs are never kept ----

    @Test
    void aRunThatReadsNothing_failsAndIsNeverKept_soRetentionKeepsTheRealBackup() throws Exception {
        Generation real = backup(Type.FULL).generation();
        List<String> typo = List.of(dir.resolve("no-such-dir").toString());
        for (int night = 0; night < 5; night++) {
            Backups.NodeOutcome o = backup(Type.FULL, typo, 0.5);
            assertThat(o.status()).isEqualTo("failed");
            assertThat(o.message()).contains("read nothing");
        }
        assertThat(catalog().generations()).extracting(Generation::id).containsExactly(real.id());
        try (var l = Files.list(dir.resolve("target/nodes/localhost"))) {
            assertThat(l.map(p -> p.getFileName().toString()).toList()).containsExactly(real.id());
        }
    }

    @Test
    void aRunWithUnderHalfThePreviousBytes_fails_unlessTheShrinkIsAllowed() throws Exception {
        backup(Type.FULL);
        Files.delete(data.resolve("big.bin")); // as if a file system under the set was not mounted
        Backups.NodeOutcome shrunk = backup(Type.FULL);
        assertThat(shrunk.status()).isEqualTo("failed");
        assertThat(shrunk.message()).contains("--allow-shrink");
        assertThat(catalog().generations()).hasSize(1);
        assertThat(backup(Type.FULL, paths, 0).status()).isEqualTo("ok");
        assertThat(catalog().generations()).hasSize(2);
    }

    // ---- names byte for byte ----

    private static void sh(String script, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("sh", "-c", script, "sh"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    private static byte[] namesIn(Path d) throws Exception {
        Process p = new ProcessBuilder("find", d.toString(), "-mindepth", "1", "-printf", "%P\\0").start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor();
        return out;
    }

    @Test
    void aNameThatIsNotUtf8_isBackedUpAndRestoredInPlaceByteForByte() throws Exception {
        // \377 and a lone \351 (Latin-1 é) are not UTF-8; a newline is a legal name byte too
        sh("cd \"$1\" && printf 'latin1' > \"$(printf 'caf\\351')\" && printf 'ff' > \"$(printf 'a\\377b')\" && printf 'nl' > \"$(printf 'two\\nlines')\"",
                data.toString());
        byte[] before = namesIn(data);
        Backups.NodeOutcome full = backup(Type.FULL);
        assertThat(full.status()).isEqualTo("ok");
        assertThat(full.generation().files()).isEqualTo(7);
        Thread.sleep(1100);
        Backups.NodeOutcome inc = backup(Type.INCREMENTAL);
        assertThat(inc.warnings()).as("no file reported as vanished").isEmpty();

        try (Target.Session s = target.open(false)) {
            Repository repo = new Repository(target, s);
            Catalog c = repo.catalog();
            assertThat(Verifier.verifyAll(repo, c, c.generations()).values()).allMatch(Verifier.Verdict::ok);
            Model.Manifest m = repo.manifest("localhost", inc.generation().id());
            assertThat(m.files()).anyMatch(f -> f.path().endsWith("/a\udcffb") && f.sha256() != null);
        }
        assumeTrue("root".equals(System.getProperty("user.name")), "the in-place safety copy goes under /var/backups");
        sh("cd \"$1\" && rm -f ./caf* ./a*b ./two*", data.toString());
        Restorer.Result r = restoreInPlace(List.of());
        assertThat(r.problems()).isEmpty();
        assertThat(sorted(namesIn(data))).isEqualTo(sorted(before));
        sh("cd \"$1\" && [ \"$(cat \"$(printf 'a\\377b')\")\" = ff ] && [ \"$(cat \"$(printf 'caf\\351')\")\" = latin1 ]", data.toString());
    }

    private static List<String> sorted(byte[] nulSeparated) {
        List<String> names = new java.util.ArrayList<>(RawNames.splitNul(nulSeparated));
        names.sort(null);
        return names;
    }

    @Test
    void restoreTo_aNameTheControllerCannotHold_isAProblemNamedPlainly_andTheRestIsRestored() throws Exception {
        sh("cd \"$1\" && printf 'ff' > \"$(printf 'a\\377b')\"", data.toString());
        backup(Type.FULL);
        Restorer.Result r = restoreTo(dir.resolve("restore"), "latest");
        assertThat(r.problems()).singleElement().asString().contains("a\\xffb").contains("--in-place");
        assertThat(dir.resolve("restore").resolve(data.toString().substring(1)).resolve("sub/app.conf")).exists();
    }

    // ---- targets ----

    @Test
    void aFileUrlWithAHostPart_isRefused() {
        assertThatThrownBy(() -> Targets.resolve("file://tmp/x", BackupConfig.defaults(), dir, Map.of(), Targets.Overrides.NONE))
                .isInstanceOf(UsageException.class).hasMessageContaining("file:///tmp/x");
    }

    @Test
    void readingAMissingTarget_createsNothing() {
        Path missing = dir.resolve("not-mounted");
        Target t = new LocalTarget(missing, "file://" + missing);
        assertThatThrownBy(() -> t.open(false)).hasMessageContaining("does not exist");
        assertThat(missing).doesNotExist();
    }

    @Test
    void aLockThisProcessStillHolds_isReleasedOnTheWayOut_butNoOneElsesIs() throws Exception {
        try (Target.Session s = target.open()) {
            new Repository(target, s).lock("test", Duration.ofHours(1));
        }
        assertThat(dir.resolve("target/lock/owner.json")).exists();
        assertThat(Repository.releaseHeldLocks()).isEqualTo(1);
        assertThat(dir.resolve("target/lock")).doesNotExist();

        Files.createDirectories(dir.resolve("target/lock"));
        Files.writeString(dir.resolve("target/lock/owner.json"),
                "{\"host\":\"elsewhere\",\"pid\":1,\"user\":\"x\",\"started\":\"2026-01-01T00:00:00Z\",\"command\":\"backup\"}");
        assertThat(Repository.releaseHeldLocks()).isZero();
        assertThat(dir.resolve("target/lock/owner.json")).exists();
    }
}
