package dev.vigil.backup;

import dev.vigil.core.state.Hashing;
import dev.vigil.backup.Model.Archive;
import dev.vigil.backup.Model.Catalog;
import dev.vigil.backup.Model.FileEntry;
import dev.vigil.backup.Model.Generation;
import dev.vigil.backup.Model.Manifest;
import dev.vigil.backup.target.LocalTarget;
import dev.vigil.backup.target.Target;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restore never writes outside its root, whatever the manifest (read from a server, so anything)
 * and whatever the restore directory already holds (symlinks pointing out, files where directories go).
 */
class RestoreProperties {
    private static final List<String> SEGMENTS = List.of("a", "b", "..", ".", "etc", "x y", "lnk");

    record Planted(String path, boolean symlink) {
    }

    @Provide
    Arbitrary<List<FileEntry>> manifests() {
        Arbitrary<String> path = Arbitraries.of(SEGMENTS).list().ofMinSize(1).ofMaxSize(4).map(l -> "/" + String.join("/", l));
        Arbitrary<FileEntry> entry = Combinators.combine(path, Arbitraries.of("f", "d", "l"), Arbitraries.of("/outside", "../../..", "a", "/"))
                .as((p, type, link) -> new FileEntry(p, type, 0644, 0, 0, "root", "root", type.equals("f") ? 5 : 0, 1_700_000_000_000_000_000L,
                        0, 0, type.equals("l") ? link : null, null, null));
        return entry.list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<Planted>> trees() {
        Arbitrary<String> path = Arbitraries.of("a", "b", "etc", "a/b", "etc/a", "lnk", "x y").list().ofMinSize(1).ofMaxSize(2)
                .map(l -> String.join("/", l));
        return Combinators.combine(path, Arbitraries.of(true, false)).as(Planted::new).list().ofMaxSize(4);
    }

    @Property(tries = 150)
    void restoreNeverWritesOutsideItsRoot(@ForAll("manifests") List<FileEntry> entries, @ForAll("trees") List<Planted> planted) throws Exception {
        Path base = Files.createTempDirectory("vigil-prop-");
        try {
            Path outside = Files.createDirectories(base.resolve("outside"));
            Path root = Files.createDirectories(base.resolve("restore"));
            for (Planted p : planted) {
                Path at = root.resolve(p.path());
                try {
                    Files.createDirectories(at.getParent());
                    if (p.symlink()) {
                        Files.createSymbolicLink(at, outside);
                    } else {
                        Files.writeString(at, "old");
                    }
                } catch (IOException alreadyThere) {
                    // a planted path under a planted file: skip it
                }
            }
            List<String> outsideBefore = listing(outside);
            Target target = new LocalTarget(base.resolve("target"), "file://" + base.resolve("target"));
            try (Target.Session s = target.open()) {
                Repository repo = new Repository(target, s);
                Generation g = publish(repo, entries);
                try {
                    Restorer.toDirectory(repo, repo.catalog(), g, root, List.of(), false);
                } catch (IOException refused) {
                    // refusing a hostile manifest is fine; writing outside is not
                }
            }
            assertThat(listing(outside)).as("nothing written through a link").isEqualTo(outsideBefore);
            try (Stream<Path> l = Files.list(base)) {
                assertThat(l.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("outside", "restore", "target");
            }
        } finally {
            deleteTree(base);
        }
    }

    /** Writes a generation whose manifest lists these entries (file contents "hello") as a real target would hold it. */
    static Generation publish(Repository repo, List<FileEntry> entries) throws IOException {
        String id = Backups.newId(Model.Type.FULL, java.time.Instant.now());
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        Map<String, FileEntry> files = new LinkedHashMap<>();
        try (TarArchiveOutputStream tar = Tars.out(new GZIPOutputStream(raw))) {
            for (FileEntry e : entries) {
                if (e.isFile() && files.putIfAbsent(e.path(), e) == null) {
                    TarArchiveEntry t = new TarArchiveEntry(Tars.name(e.path()));
                    t.setSize(5);
                    tar.putArchiveEntry(t);
                    tar.write("hello".getBytes(StandardCharsets.UTF_8));
                    tar.closeArchiveEntry();
                }
            }
        }
        String sha = java.util.HexFormat.of().formatHex(Hashing.sha256().digest("hello".getBytes(StandardCharsets.UTF_8)));
        List<FileEntry> listed = new ArrayList<>();
        Map<String, FileEntry> unique = new LinkedHashMap<>();
        entries.forEach(e -> unique.putIfAbsent(e.path(), e));
        unique.values().forEach(e -> listed.add(e.isFile() ? e.withContent(5, sha, id) : e));
        byte[] archive = raw.toByteArray();
        repo.session().mkdir("nodes");
        repo.session().mkdir(Repository.nodeDir("n"));
        repo.session().mkdir(Repository.partialDir("n", id));
        repo.upload(Repository.partialDir("n", id) + "/files.tar.gz", archive);
        Manifest m = new Manifest(1, "n", id, "full", id, null, java.time.Instant.now().toString(), java.time.Instant.now().toString(), null,
                "gzip", List.of("/"), List.of(new Archive("files.tar.gz", "files", archive.length,
                java.util.HexFormat.of().formatHex(Hashing.sha256().digest(archive)), null, null, null, null)), listed, List.of(), List.of());
        repo.publish(m);
        Generation g = Backups.catalogEntry(m);
        repo.session().mkdir("catalog");
        repo.writeCatalog(Catalog.empty(), List.of(g));
        return g;
    }

    /** Every path under dir with its kind and content, links not followed. */
    static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            List<String> out = new ArrayList<>();
            for (Path p : s.sorted().toList()) {
                String kind = Files.isSymbolicLink(p) ? "l" : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "d" : "f:" + Files.readString(p);
                out.add(dir.relativize(p) + " " + kind);
            }
            return out;
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    p.toFile().setWritable(true);
                }
                Files.deleteIfExists(p);
            }
        }
    }
}
