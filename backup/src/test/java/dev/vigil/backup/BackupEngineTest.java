package dev.vigil.backup;

import dev.vigil.backup.BackupConfig.BackupSet;
import dev.vigil.backup.Model.Catalog;
import dev.vigil.backup.Model.Generation;
import dev.vigil.backup.Model.Type;
import dev.vigil.backup.target.FtpsFixture;
import dev.vigil.backup.target.Target;
import dev.vigil.core.fleet.FleetListener;
import dev.vigil.core.fleet.FleetRunner;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.transport.Connections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Backups of the local node through the embedded FTPS server: the whole cycle, and what a dead run leaves. */
class BackupEngineTest {
    @TempDir
    Path dir;
    FtpsFixture server;
    Target target;
    Path data;
    Connections connections;

    @BeforeEach
    void setUp() throws Exception {
        server = new FtpsFixture(dir.resolve("ftp"), false);
        target = server.target("/backups");
        data = Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(data.resolve("etc/empty"));
        Files.writeString(data.resolve("etc/app.conf"), "port=1\n");
        Files.setPosixFilePermissions(data.resolve("etc/app.conf"), PosixFilePermissions.fromString("rw-r-----"));
        Files.writeString(data.resolve("keep.txt"), "unchanged\n");
        Files.writeString(data.resolve("gone.txt"), "to be deleted\n");
        Files.writeString(data.resolve("skip.tmp"), "excluded\n");
        Files.createSymbolicLink(data.resolve("link"), Path.of("keep.txt"));
        Files.setLastModifiedTime(data.resolve("keep.txt"), FileTime.fromMillis(1_600_000_000_000L));
        connections = new Connections(null, Map.of());
    }

    @AfterEach
    void tearDown() {
        connections.close();
        server.close();
    }

    private Backups.RunResult backup(Type type, String reason) throws Exception {
        BackupSet set = new BackupSet("test", List.of(), List.of(), List.of(data.toString()), List.of("*.tmp"),
                List.of(new BackupConfig.Dump("db", "printf 'dump-of-db'", "1m")));
        FleetRunner fleet = new FleetRunner(connections, 4, Duration.ofMinutes(2), FleetListener.NONE);
        return Backups.run(target, List.of(Node.localhost()), n -> set,
                new Backups.Request(type, reason, Compression.DEFAULT, 10, Duration.ofHours(6), Duration.ofMinutes(1), "test", 0.5), fleet);
    }

    private Catalog catalog() throws Exception {
        try (Target.Session s = target.open()) {
            return new Repository(target, s).catalog();
        }
    }

    @Test
    void fullThenIncrementalRestoresTheLatestStateWithDeletions() throws Exception {
        Thread.sleep(1100); // files changed within a second of a listing are read again: keep.txt must be older
        Backups.RunResult full = backup(Type.FULL, null);
        assertThat(full.nodes()).singleElement().extracting(Backups.NodeOutcome::status).isEqualTo("ok");
        Thread.sleep(1100);
        Files.writeString(data.resolve("etc/app.conf"), "port=2\n");
        Files.delete(data.resolve("gone.txt"));
        Files.writeString(data.resolve("new.txt"), "new\n");
        Backups.RunResult inc = backup(Type.INCREMENTAL, null);
        Generation g = inc.nodes().get(0).generation();
        assertThat(g.type()).isEqualTo("incremental");
        assertThat(g.chain()).isEqualTo(full.nodes().get(0).generation().id());

        try (Target.Session s = target.open()) {
            Repository repo = new Repository(target, s);
            Catalog c = repo.catalog();
            Model.Manifest m = repo.manifest("localhost", g.id());
            // only what changed was read again; the unchanged file points at the full
            assertThat(m.files().stream().filter(f -> f.path().endsWith("keep.txt")).findFirst().orElseThrow().from())
                    .isEqualTo(full.nodes().get(0).generation().id());
            assertThat(m.deleted()).containsExactly(data.resolve("gone.txt").toString());
            assertThat(m.files()).noneMatch(f -> f.path().endsWith("skip.tmp"));
            for (Generation x : c.generations()) {
                assertThat(Verifier.verify(repo, c, x)).isEmpty();
            }
            Path out = dir.resolve("restore");
            Restorer.Result r = Restorer.toDirectory(repo, c, Restorer.resolve(c, "localhost", "latest"), out, List.of(), false);
            assertThat(r.problems()).isEmpty();
            Path back = out.resolve(data.toString().substring(1));
            assertThat(Files.readString(back.resolve("etc/app.conf"))).isEqualTo("port=2\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(back.resolve("etc/app.conf")))).isEqualTo("rw-r-----");
            assertThat(Files.getLastModifiedTime(back.resolve("keep.txt")).toMillis()).isEqualTo(1_600_000_000_000L);
            assertThat(back.resolve("gone.txt")).doesNotExist();
            assertThat(Files.readString(back.resolve("new.txt"))).isEqualTo("new\n");
            assertThat(Files.readSymbolicLink(back.resolve("link"))).isEqualTo(Path.of("keep.txt"));
            assertThat(back.resolve("etc/empty")).isDirectory();
            assertThat(Files.readString(out.resolve(Restorer.DUMPS_DIR).resolve("dump-db"))).isEqualTo("dump-of-db");
        }
    }

    @Test
    void aDifferentialHoldsEverythingSinceTheFull_soARestoreNeedsTwoArchives() throws Exception {
        Thread.sleep(1100);
        Generation full = backup(Type.FULL, null).nodes().get(0).generation();
        Thread.sleep(1100);
        Files.writeString(data.resolve("etc/app.conf"), "port=2\n");
        Generation inc = backup(Type.INCREMENTAL, null).nodes().get(0).generation();
        Thread.sleep(1100);
        Files.writeString(data.resolve("new.txt"), "new\n");
        Generation diff = backup(Type.DIFFERENTIAL, null).nodes().get(0).generation();
        assertThat(inc.parent()).isEqualTo(full.id());
        assertThat(diff.type()).isEqualTo("differential");
        assertThat(diff.parent()).isEqualTo(full.id());
        try (Target.Session s = target.open()) {
            Repository repo = new Repository(target, s);
            Model.Manifest m = repo.manifest("localhost", diff.id());
            // both changes since the full are in the differential itself
            assertThat(m.files().stream().filter(f -> f.path().endsWith("app.conf") || f.path().endsWith("new.txt")))
                    .allMatch(f -> f.from().equals(diff.id()));
            Catalog c = repo.catalog();
            Restorer.Result r = Restorer.toDirectory(repo, c, Restorer.resolve(c, "localhost", diff.id()), dir.resolve("r"), List.of(), false);
            assertThat(r.chain()).containsExactly(full.id(), diff.id());
            Path back = dir.resolve("r").resolve(data.toString().substring(1));
            assertThat(Files.readString(back.resolve("etc/app.conf"))).isEqualTo("port=2\n");
            assertThat(Files.readString(back.resolve("new.txt"))).isEqualTo("new\n");
        }
    }

    @Test
    void aManifestPathThatLeavesTheRestoreDirectoryIsRefused() throws Exception {
        Generation g = backup(Type.FULL, null).nodes().get(0).generation();
        Path manifest = server.home.resolve("backups/nodes/localhost/" + g.id() + "/" + Repository.MANIFEST);
        Model.Manifest m;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(manifest))) {
            m = Model.JSON.readValue(in, Model.Manifest.class);
        }
        List<Model.FileEntry> files = new java.util.ArrayList<>(m.files());
        files.add(new Model.FileEntry("/../../../tmp/escaped", "d", 0755, 0, 0, "root", "root", 0, 0, 0, 0, null, null, null));
        Model.Manifest evil = new Model.Manifest(1, m.node(), m.id(), m.type(), m.chain(), m.parent(), m.started(), m.finished(), m.reason(),
                m.compression(), m.paths(), m.archives(), files, m.deleted(), m.warnings());
        Files.write(manifest, Repository.manifestBytes(evil));
        try (Target.Session s = target.open()) {
            Repository repo = new Repository(target, s);
            Catalog c = repo.catalog();
            assertThatThrownBy(() -> Restorer.toDirectory(repo, c, g, dir.resolve("r"), List.of(), false))
                    .hasMessageContaining("leaves the restore directory");
        }
    }

    @Test
    void preRiskStandsOutsideTheChainAndKeepsItsReason() throws Exception {
        backup(Type.FULL, null);
        Generation pre = backup(Type.PRE_RISK, "upgrade to 8.1").nodes().get(0).generation();
        Generation inc = backup(Type.INCREMENTAL, null).nodes().get(0).generation();
        assertThat(pre.reason()).isEqualTo("upgrade to 8.1");
        assertThat(pre.chain()).isEqualTo(pre.id());
        assertThat(inc.parent()).isNotEqualTo(pre.id());
    }

    @Test
    void aCorruptedArchiveIsNamedByVerify() throws Exception {
        Generation g = backup(Type.FULL, null).nodes().get(0).generation();
        Path archive = server.home.resolve("backups/nodes/localhost/" + g.id() + "/files.tar.gz");
        try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0xff);
        }
        try (Target.Session s = target.open()) {
            Repository repo = new Repository(target, s);
            Catalog c = repo.catalog();
            assertThat(Verifier.verify(repo, c, g)).isNotEmpty().allMatch(p -> p.contains(g.id()) && p.contains("files.tar.gz"));
        }
    }

    @Test
    void whatADeadRunLeftIsCleanedAndAWholeGenerationAdopted() throws Exception {
        Generation first = backup(Type.FULL, null).nodes().get(0).generation();
        Path nodes = server.home.resolve("backups/nodes/localhost");
        // a run that died mid-upload, and one that died after renaming but before the catalog
        Files.createDirectories(nodes.resolve("_partial-20261121T000000.000Z-full-dead01"));
        Files.writeString(nodes.resolve("_partial-20261121T000000.000Z-full-dead01/files.tar.gz"), "half");
        String orphan = "20261121T000001.000Z-full-0rphan";
        copyDir(nodes.resolve(first.id()), nodes.resolve(orphan));
        try (Target.Session s = target.open()) {
            List<String> notes = new java.util.ArrayList<>();
            Catalog c = new Repository(target, s).cleanUp(notes);
            assertThat(notes).anyMatch(n -> n.contains("_partial-")).anyMatch(n -> n.contains("adopted"));
            assertThat(c.generations()).extracting(Generation::id).contains(first.id());
        }
        try (Stream<Path> l = Files.list(nodes)) {
            assertThat(l.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
        }
    }

    @Test
    void aHeldLockIsReportedWithItsOwner() throws Exception {
        try (Target.Session s = target.open()) {
            new Repository(target, s).lock("another run", Duration.ofHours(6));
        }
        assertThatThrownBy(() -> backup(Type.FULL, null)).hasMessageContaining("busy").hasMessageContaining("another run");
        try (Target.Session s = target.open()) {
            assertThatThrownBy(() -> new Repository(target, s).lock("x", Duration.ZERO)).hasMessageContaining("stale lock")
                    .hasMessageContaining("vigil backup unlock");
        }
        assertThat(catalog().generations()).isEmpty();
    }

    @Test
    void theLockOfADeadRunOnThisControllerIsTakenOverAndSaidSo() throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        try (Target.Session s = target.open()) {
            s.mkdir("catalog");
            s.mkdir("lock");
            try (OutputStream out = s.create("lock/owner.json")) {
                out.write(Model.JSON.writeValueAsBytes(new Repository.LockOwner(java.net.InetAddress.getLocalHost().getHostName(),
                        dead.pid(), "root", java.time.Instant.now().toString(), "backup run --type full")));
            }
        }
        Backups.RunResult r = backup(Type.FULL, null);
        assertThat(r.nodes()).singleElement().extracting(Backups.NodeOutcome::status).isEqualTo("ok");
        assertThat(r.notes()).anyMatch(n -> n.contains("took over the lock of a run that died") && n.contains("pid " + dead.pid()));
    }

    @Test
    void aFileThatChangesWhileReadIsAWarningAndTheGenerationStaysConsistent() throws Exception {
        Path growing = data.resolve("growing.log");
        byte[] chunk = new byte[1 << 20];
        java.util.Arrays.fill(chunk, (byte) 'x');
        try (OutputStream out = Files.newOutputStream(growing)) {
            for (int i = 0; i < 64; i++) {
                out.write(chunk);
            }
        }
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(growing, java.nio.file.StandardOpenOption.APPEND)) {
                while (!stop.get()) {
                    out.write(chunk, 0, 4096);
                    out.flush();
                    Thread.sleep(1);
                }
            } catch (Exception e) {
                // test ends
            }
        });
        writer.start();
        Backups.RunResult r;
        try {
            r = backup(Type.FULL, null);
        } finally {
            stop.set(true);
            writer.join();
        }
        Backups.NodeOutcome n = r.nodes().get(0);
        assertThat(n.status()).isEqualTo("warn");
        assertThat(n.warnings()).anyMatch(w -> w.contains("growing.log") && w.contains("changed while being read"));
        try (Target.Session s = target.open()) {
            Repository repo = new Repository(target, s);
            Catalog c = repo.catalog();
            assertThat(Verifier.verify(repo, c, n.generation())).isEmpty();
        }
    }

    @Test
    void retentionKeepsTheNewestGenerationsPerNode() throws Exception {
        for (int i = 0; i < 12; i++) {
            backup(Type.PRE_RISK, "run " + i);
        }
        List<Generation> gens = catalog().generations();
        assertThat(gens).hasSize(10);
        assertThat(gens).extracting(Generation::reason).doesNotContain("run 0", "run 1");
    }

    private static void copyDir(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> l = Files.list(from)) {
            for (Path p : l.toList()) {
                try (OutputStream out = Files.newOutputStream(to.resolve(p.getFileName().toString()))) {
                    Files.copy(p, out);
                }
            }
        }
    }
}
