package dev.vigil.backup;

import dev.vigil.core.state.Hashing;
import dev.vigil.backup.BackupConfig.BackupSet;
import dev.vigil.backup.BackupConfig.Dump;
import dev.vigil.backup.Model.Archive;
import dev.vigil.backup.Model.FileEntry;
import dev.vigil.backup.Model.Manifest;
import dev.vigil.backup.Model.Type;
import dev.vigil.backup.target.Target;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.transport.BoundedOutput;
import dev.vigil.core.transport.Transport;
import dev.vigil.core.transport.TransportException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Backs up one node into one new generation. The node lists its files (GNU find); the files to
 * read (all for a full, the changed ones for an incremental) are streamed by the node's tar over
 * the SSH session; the controller hashes each file, re-packs and compresses the stream and uploads
 * it as it goes. Nothing is staged on the node's disk or the controller's. Dumps are streamed the
 * same way, each as its own object. The manifest goes last, then the generation is renamed into
 * place ({@link Repository#publish}).
 */
public final class NodeBackup {
    static final String TAR = "LC_ALL=C tar -C / --null --verbatim-files-from --no-recursion --hard-dereference"
            + " --ignore-failed-read -T - -cf -";

    /** What to write: the new generation's identity and, for an incremental or differential, its base. */
    public record Plan(String id, Type type, String chain, String parent, String reason, Manifest base, Manifest previous) {
    }

    private final BackupSet set;
    private final Compression compression;
    private final Duration transferTimeout;

    private final double minSizeRatio;

    public NodeBackup(BackupSet set, Compression compression, Duration transferTimeout, double minSizeRatio) {
        this.set = set;
        this.compression = compression;
        this.transferTimeout = transferTimeout;
        this.minSizeRatio = minSizeRatio;
    }

    /** The bytes of the point a manifest describes: every file's size and every dump's. */
    static long pointBytes(Manifest m) {
        long files = m.files().stream().filter(FileEntry::isFile).mapToLong(FileEntry::size).sum();
        long dumps = m.archives().stream().filter(a -> a.kind().equals("dump")).mapToLong(a -> a.rawSize() == null ? 0 : a.rawSize()).sum();
        return files + dumps;
    }

    /**
     * A run that read nothing, or far less than the generation before it, is a typo in the paths or an
     * unmounted file system, not a backup: it must fail loudly, and never be kept or counted by
     * retention (it would push the last real backup out).
     */
    static void checkNotEmpty(Manifest m, Manifest previous, double minRatio) throws IOException {
        boolean anyFile = m.files().stream().anyMatch(FileEntry::isFile);
        if (!anyFile && m.archives().stream().noneMatch(a -> a.kind().equals("dump"))) {
            throw new IOException("read nothing: no file under " + String.join(", ", m.paths())
                    + " (a mistyped path, or a file system not mounted?); this run is not kept");
        }
        if (previous == null || minRatio <= 0) {
            return;
        }
        long now = pointBytes(m);
        long before = pointBytes(previous);
        if (before > 0 && now < minRatio * before) {
            throw new IOException(String.format("read %d bytes in %d file(s), under %.0f%% of the %d bytes of %s: a lost mount or a mistyped"
                            + " path? This run is not kept; if the shrink is expected, run again with --allow-shrink", now,
                    m.files().stream().filter(FileEntry::isFile).count(), minRatio * 100, before, previous.id()));
        }
    }

    /** What is on the node now, excludes applied; the first step, which needs no target. */
    public record Scan(Instant started, List<FileEntry> entries, List<String> warnings) {
    }

    public Scan scan(Transport t) throws IOException, TransportException {
        Instant started = Instant.now();
        List<String> warnings = new ArrayList<>();
        return new Scan(started, excluded(list(t, warnings)), warnings);
    }

    public Manifest run(Node node, Transport t, Repository repo, Plan plan) throws IOException, InterruptedException, TransportException {
        return run(node, t, repo, plan, scan(t));
    }

    public Manifest run(Node node, Transport t, Repository repo, Plan plan, Scan scan)
            throws IOException, InterruptedException, TransportException {
        return run(node, repo, plan, scan, (toRead, tar, wanted, stored, warnings, id) -> readFromNode(t, toRead, tar, wanted, stored, warnings, id), t);
    }

    /** Reads the files to back up into the archive: over SSH with the node's tar, or from a share ({@link ShareSource}). */
    @FunctionalInterface
    interface FileReader {
        void read(List<FileEntry> toRead, TarArchiveOutputStream tar, Map<String, FileEntry> wanted, Map<String, FileEntry> stored,
                  List<String> warnings, String id) throws IOException, InterruptedException;
    }

    /** The node's backup set read from a share instead of over SSH: the same generation, catalog, retention and relay. */
    public Scan scanShare(ShareSource source) throws IOException {
        Instant started = Instant.now();
        List<String> warnings = new ArrayList<>();
        if (!set.dumps().isEmpty()) {
            throw new IOException("a node backed up from a share has no dumps (they are commands run on the node): remove them from its set");
        }
        return new Scan(started, excluded(source.list(set.include(), warnings)), warnings);
    }

    public Manifest runFromShare(Node node, ShareSource source, Repository repo, Plan plan, Scan scan)
            throws IOException, InterruptedException, TransportException {
        return run(node, repo, plan, scan, source::read, null);
    }

    private Manifest run(Node node, Repository repo, Plan plan, Scan scan, FileReader reader, Transport t)
            throws IOException, InterruptedException, TransportException {
        Instant started = scan.started();
        List<String> warnings = new ArrayList<>(scan.warnings());
        List<FileEntry> entries = scan.entries();
        Map<String, FileEntry> base = new HashMap<>();
        if (plan.base() != null) {
            plan.base().files().forEach(f -> base.put(f.path(), f));
        }
        long cutoff = plan.base() == null ? Long.MAX_VALUE
                : Instant.parse(plan.base().started()).minusSeconds(1).toEpochMilli() * 1_000_000L;
        List<FileEntry> toRead = entries.stream().filter(e -> e.isFile() && changed(e, base.get(e.path()), cutoff)).toList();

        Target.Session session = repo.session();
        String partial = Repository.partialDir(node.name(), plan.id());
        session.mkdir(Repository.nodeDir(node.name()));
        if (!session.mkdir(partial)) {
            throw new IOException(partial + " exists already on " + repo.target().display());
        }
        try {
            List<Archive> archives = new ArrayList<>();
            Map<String, FileEntry> stored = new HashMap<>();
            archives.add(streamFiles(reader, repo, partial, toRead, stored, warnings, plan.id()));
            if (t != null) {
                for (Dump d : set.dumps()) {
                    archives.add(streamDump(t, repo, partial, d));
                }
            }
            List<FileEntry> files = new ArrayList<>();
            Set<String> read = new LinkedHashSet<>();
            toRead.forEach(f -> read.add(f.path()));
            for (FileEntry e : entries) {
                if (!e.isFile()) {
                    files.add(e);
                } else if (stored.containsKey(e.path())) {
                    files.add(stored.get(e.path()));
                } else if (read.contains(e.path())) {
                    warnings.add(e.path() + ": vanished or unreadable while being read; not in this generation");
                } else {
                    FileEntry prev = base.get(e.path());
                    files.add(e.withContent(prev.size(), prev.sha256(), prev.from()));
                }
            }
            Set<String> now = new java.util.HashSet<>();
            files.forEach(f -> now.add(f.path()));
            List<String> deleted = base.keySet().stream().filter(p -> !now.contains(p)).sorted().toList();
            Manifest m = new Manifest(1, node.name(), plan.id(), plan.type().label(), plan.chain(), plan.parent(), started.toString(),
                    Instant.now().toString(), plan.reason(), compression.kind(), set.include(), archives, files, deleted, warnings);
            checkNotEmpty(m, plan.previous(), minSizeRatio);
            repo.publish(m);
            return m;
        } catch (Exception e) {
            discard(repo, partial, e);
            throw e;
        }
    }

    /**
     * Removes a generation that failed. The session may be the casualty (a server that broke the
     * data connection may drop the control one too), so a fresh one is tried; what still fails is
     * left for the next run's clean-up, invisible meanwhile.
     */
    static void discard(Repository repo, String dir, Exception cause) {
        try {
            repo.removeDir(dir);
        } catch (IOException | RuntimeException first) {
            try (Target.Session s = repo.target().open()) {
                new Repository(repo.target(), s).removeDir(dir);
            } catch (IOException | RuntimeException second) {
                second.addSuppressed(first);
                cause.addSuppressed(second);
            }
        }
    }

    /** Changed since the base: anything but the same size, mtime, ctime and inode; and a time too close to the base's listing to be sure. */
    static boolean changed(FileEntry now, FileEntry prev, long cutoffNanos) {
        if (prev == null || !prev.isFile() || prev.from() == null) {
            return true;
        }
        if (prev.size() != now.size() || prev.mtime() != now.mtime() || prev.ctime() != now.ctime() || prev.inode() != now.inode()) {
            return true;
        }
        // a file written in the same second the base listed it may have changed again with equal stamps
        return now.mtime() >= cutoffNanos || now.ctime() >= cutoffNanos;
    }

    private List<FileEntry> list(Transport t, List<String> warnings) throws IOException, TransportException {
        if (set.include().isEmpty()) {
            return List.of();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        BoundedOutput err = new BoundedOutput(64 * 1024);
        int code = t.run(Listing.command(set.include()), null, out, err, transferTimeout);
        if (code != 0) {
            err.text().lines().filter(l -> !l.isBlank()).forEach(l -> warnings.add("listing: " + l.replaceFirst("^find: ", "")));
        }
        if (code != 0 && out.size() == 0 && err.text().isBlank()) {
            throw new IOException("find failed on the node (exit " + code + "); is GNU findutils installed?");
        }
        Listing.Result r = Listing.parse(out.toByteArray());
        r.skipped().forEach(s -> warnings.add("skipped " + s));
        return r.entries();
    }

    private List<FileEntry> excluded(List<FileEntry> entries) {
        if (set.exclude().isEmpty()) {
            return entries;
        }
        List<PathMatcher> matchers = set.exclude().stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        List<String> excludedDirs = new ArrayList<>();
        List<FileEntry> kept = new ArrayList<>();
        for (FileEntry e : entries) {
            Path p = Path.of(e.path());
            Path name = p.getFileName();
            boolean out = excludedDirs.stream().anyMatch(d -> e.path().startsWith(d + "/"))
                    || matchers.stream().anyMatch(m -> m.matches(p) || (name != null && m.matches(name)));
            if (out) {
                if (e.type().equals("d")) {
                    excludedDirs.add(e.path());
                }
            } else {
                kept.add(e);
            }
        }
        return kept;
    }

    private Archive streamFiles(FileReader reader, Repository repo, String partial, List<FileEntry> toRead, Map<String, FileEntry> stored,
                                List<String> warnings, String id) throws IOException, InterruptedException {
        String name = "files.tar" + compression.suffix();
        String path = partial + "/" + name;
        Map<String, FileEntry> wanted = new HashMap<>();
        toRead.forEach(f -> wanted.put(f.path(), f));
        Hashing.Out counted;
        try (OutputStream target = repo.session().create(path)) {
            counted = new Hashing.Out(target);
            TarArchiveOutputStream tar = Tars.out(compression.compress(counted));
            if (!toRead.isEmpty()) {
                reader.read(toRead, tar, wanted, stored, warnings, id);
            }
            tar.finish();
            tar.close();
        }
        repo.verifySize(path, counted.count());
        return new Archive(name, "files", counted.count(), counted.hex(), null, null, null, null);
    }

    private void readFromNode(Transport t, List<FileEntry> toRead, TarArchiveOutputStream tar, Map<String, FileEntry> wanted,
                              Map<String, FileEntry> stored, List<String> warnings, String id) throws IOException, InterruptedException {
        byte[] names = NodePipe.nulSeparated(toRead.stream().map(f -> f.path().substring(1)).toList());
        byte[] buf = new byte[64 * 1024];
        try (NodePipe node = NodePipe.reading(t, TAR, names, transferTimeout);
             TarArchiveInputStream in = Tars.in(node.stdout())) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                String p = Tars.path(e);
                FileEntry listed = wanted.get(p);
                if (!e.isFile() || listed == null) {
                    continue;
                }
                TarArchiveEntry out = new TarArchiveEntry(Tars.name(p));
                out.setSize(e.getSize());
                out.setMode(e.getMode());
                out.setModTime(e.getModTime());
                out.setUserId(e.getLongUserId());
                out.setGroupId(e.getLongGroupId());
                out.setUserName(e.getUserName());
                out.setGroupName(e.getGroupName());
                tar.putArchiveEntry(out);
                MessageDigest md = Hashing.sha256();
                long n = 0;
                int r;
                while ((r = in.read(buf)) >= 0) {
                    tar.write(buf, 0, r);
                    md.update(buf, 0, r);
                    n += r;
                }
                tar.closeArchiveEntry();
                stored.put(p, listed.withContent(n, Hashing.hex(md), id));
            }
            tarWarnings(node.exitCode(), node.stderr(), warnings);
        }
    }

    /** GNU tar's complaints about single files are warnings; anything else it says with a failing exit is an error. */
    static void tarWarnings(int code, String stderr, List<String> warnings) throws IOException {
        List<String> unknown = new ArrayList<>();
        for (String line : stderr.lines().filter(l -> !l.isBlank()).toList()) {
            String l = line.replaceFirst("^tar: ", "");
            if (l.endsWith("file changed as we read it")) {
                warnings.add("/" + l.replace(": file changed as we read it", "") + ": changed while being read; stored as read");
            } else if (l.contains(": Cannot ") || l.endsWith("file is unchanged; not dumped") || l.contains("Warning: Cannot")) {
                warnings.add("/" + l);
            } else if (!l.startsWith("Exiting with failure status")) {
                unknown.add(l);
            }
        }
        if (code > 1 && !unknown.isEmpty() || code < 0) {
            throw new IOException("tar failed on the node (exit " + code + "): " + String.join("; ", unknown));
        }
        unknown.forEach(u -> warnings.add("tar: " + u));
    }

    private Archive streamDump(Transport t, Repository repo, String partial, Dump d) throws IOException, TransportException {
        String name = "dump-" + d.name() + compression.suffix();
        String path = partial + "/" + name;
        BoundedOutput err = new BoundedOutput(64 * 1024);
        Hashing.Out counted;
        Hashing.Out raw;
        int code;
        try (OutputStream target = repo.session().create(path)) {
            counted = new Hashing.Out(target);
            OutputStream compressed = compression.compress(counted);
            raw = new Hashing.Out(compressed);
            code = t.run(d.command(), null, raw, err, d.deadline());
            compressed.close();
        }
        if (code != 0) {
            throw new IOException("dump " + d.name() + " (" + d.command() + ") exited " + code + ": "
                    + err.text().strip().lines().reduce((a, b) -> b).orElse("no message"));
        }
        repo.verifySize(path, counted.count());
        return new Archive(name, "dump", counted.count(), counted.hex(), d.command(), raw.count(), raw.hex(), code);
    }
}
