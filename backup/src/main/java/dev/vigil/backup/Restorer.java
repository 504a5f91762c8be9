package dev.vigil.backup;

import dev.vigil.backup.Model.Archive;
import dev.vigil.backup.Model.Catalog;
import dev.vigil.backup.Model.FileEntry;
import dev.vigil.backup.Model.Generation;
import dev.vigil.backup.Model.Manifest;
import dev.vigil.core.state.Hashing;
import dev.vigil.core.transport.BoundedOutput;
import dev.vigil.core.transport.Transport;
import dev.vigil.core.transport.TransportException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds one point in time from its chain: the full, then each incremental in order, each
 * file's content taken from the generation that last stored it, deletions applied. Into a
 * directory on the controller ({@code --to}), or back onto the node over SSH ({@code --in-place},
 * after a safety copy of what it overwrites or deletes). Modes, owners and mtimes are restored,
 * and every file's SHA-256 is checked after it is written.
 */
public final class Restorer {
    public static final String SAFETY_DIR = "/var/backups/vigil-pre-restore";
    public static final String DUMPS_DIR = ".vigil-dumps";

    private Restorer() {
    }

    /** What the restore did (or, dry, would do). */
    public record Result(String node, String generation, List<String> chain, int files, long bytes, List<String> created,
                         List<String> replaced, List<String> deleted, List<String> dumps, String safetyCopy, List<String> problems,
                         List<String> notes, boolean dryRun) implements dev.vigil.core.result.RunResult, dev.vigil.core.result.RunResult.StoredRecordJson {
        /** CRIT when something could not be restored as it was backed up. */
        @Override
        public dev.vigil.core.result.Status status() {
            return problems.isEmpty() ? dev.vigil.core.result.Status.OK : dev.vigil.core.result.Status.CRIT;
        }

        @Override
        public String summary() {
            return node + " " + generation + ": " + files + " entries, " + created.size() + " created, " + replaced.size() + " replaced, "
                    + deleted.size() + " deleted" + (problems.isEmpty() ? "" : ", " + dev.vigil.core.text.Plural.of(problems.size(), "problem") + ": " + problems.get(0));
        }

        /** A restore done, with nothing to note. */
        public Result(String node, String generation, List<String> chain, int files, long bytes, List<String> created,
                      List<String> replaced, List<String> deleted, List<String> dumps, String safetyCopy, List<String> problems) {
            this(node, generation, chain, files, bytes, created, replaced, deleted, dumps, safetyCopy, problems, List.of());
        }

        /** A restore done. */
        public Result(String node, String generation, List<String> chain, int files, long bytes, List<String> created,
                      List<String> replaced, List<String> deleted, List<String> dumps, String safetyCopy, List<String> problems,
                      List<String> notes) {
            this(node, generation, chain, files, bytes, created, replaced, deleted, dumps, safetyCopy, problems, notes, false);
        }

        /** The same, as what a dry run would do. */
        Result dry() {
            return new Result(node, generation, chain, files, bytes, created, replaced, deleted, dumps, safetyCopy, problems, notes, true);
        }

        @Override
        public String text(String title) {
            return dev.vigil.core.text.TextBlock.of(out -> {
                out.println((dryRun ? "would restore " : "restored ") + node + " " + generation + " (chain: " + String.join(" -> ", chain) + ")");
                out.println("  " + files + " entries, " + dev.vigil.core.text.Sizes.iec(bytes) + "; " + created.size() + " created, "
                        + replaced.size() + " replaced, " + deleted.size() + " deleted");
                if (dryRun) {
                    created.forEach(p -> out.println("  + " + p));
                    replaced.forEach(p -> out.println("  ~ " + p));
                    deleted.forEach(p -> out.println("  - " + p));
                }
                dumps.forEach(d -> out.println("  dump: " + d));
                if (safetyCopy != null) {
                    out.println("  safety copy of what was overwritten or deleted: " + node + ":" + safetyCopy);
                }
                notes.forEach(x -> out.println("  note: " + x));
                problems.forEach(p -> out.println("  problem: " + p));
            });
        }
    }

    /** The generation meant by "latest" or an id (a unique prefix is enough), on this node. */
    public static Generation resolve(Catalog c, String node, String generation) {
        List<Generation> gens = Backups.ofNode(c, node);
        if (gens.isEmpty()) {
            throw new IllegalArgumentException("no generation of " + node + " on this target");
        }
        if (generation == null || generation.equals("latest")) {
            return gens.get(0);
        }
        List<Generation> match = gens.stream().filter(g -> g.id().startsWith(generation)).toList();
        if (match.size() != 1) {
            throw new IllegalArgumentException(match.isEmpty() ? "no generation " + generation + " of " + node
                    : generation + " matches " + match.size() + " generations of " + node + "; give more of the id");
        }
        return match.get(0);
    }

    /** The manifests from the chain's full to {@code g}, in order. */
    static List<Manifest> chain(Repository repo, Catalog c, Generation g) throws IOException {
        Map<String, Generation> byId = new HashMap<>();
        Backups.ofNode(c, g.node()).forEach(x -> byId.put(x.id(), x));
        List<Manifest> chain = new ArrayList<>();
        Generation at = g;
        while (at != null) {
            chain.add(0, repo.manifest(at.node(), at.id()));
            if (at.parent() == null) {
                break;
            }
            Generation p = byId.get(at.parent());
            if (p == null) {
                throw new IOException(g.node() + " " + g.id() + ": chain incomplete: " + at.parent() + " is missing; restore an older point");
            }
            at = p;
        }
        return chain;
    }

    private static List<FileEntry> selected(Manifest m, List<String> globs) {
        if (globs.isEmpty()) {
            return m.files();
        }
        List<PathMatcher> ms = globs.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        return m.files().stream().filter(f -> ms.stream().anyMatch(x -> x.matches(Path.of(f.path())))).toList();
    }

    /** Paths the chain saw before that the chosen point no longer has: they were deleted. */
    private static List<String> deletions(List<Manifest> chain, List<String> globs) {
        Manifest last = chain.get(chain.size() - 1);
        Set<String> now = new HashSet<>();
        last.files().forEach(f -> now.add(f.path()));
        Set<String> gone = new java.util.TreeSet<>(Comparator.reverseOrder());
        for (Manifest m : chain) {
            m.deleted().stream().filter(p -> !now.contains(p)).forEach(gone::add);
        }
        List<PathMatcher> ms = globs.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        return gone.stream().filter(p -> ms.isEmpty() || ms.stream().anyMatch(x -> x.matches(Path.of(p)))).toList();
    }

    /** Calls {@code each} for every wanted file with its content, reading each generation's archive once, full first. */
    interface ContentSink {
        void accept(FileEntry f, TarArchiveInputStream content) throws IOException;
    }

    private static void contents(Repository repo, List<Manifest> chain, List<FileEntry> files, ContentSink each) throws IOException {
        Map<String, Map<String, FileEntry>> byGen = new LinkedHashMap<>();
        chain.forEach(m -> byGen.put(m.id(), new HashMap<>()));
        for (FileEntry f : files) {
            if (f.isFile()) {
                Map<String, FileEntry> g = byGen.get(f.from());
                if (g == null) {
                    throw new IOException(f.path() + ": its content is in " + f.from() + ", which is not on the chain");
                }
                g.put(f.path(), f);
            }
        }
        for (Manifest m : chain) {
            Map<String, FileEntry> want = byGen.get(m.id());
            if (want.isEmpty()) {
                continue;
            }
            Archive a = m.archives().stream().filter(x -> x.kind().equals("files")).findFirst()
                    .orElseThrow(() -> new IOException(m.id() + " has no files archive"));
            try (InputStream raw = repo.session().open(Repository.generationDir(m.node(), m.id()) + "/" + a.name());
                 TarArchiveInputStream tar = Tars.in(Compression.decompress(a.name(), raw))) {
                TarArchiveEntry e;
                while ((e = FromTarget.nextEntry(tar)) != null && !want.isEmpty()) {
                    FileEntry f = want.remove(Tars.path(e));
                    if (f != null) {
                        each.accept(f, tar);
                    }
                }
                raw.transferTo(OutputStream.nullOutputStream());
            }
            if (!want.isEmpty()) {
                throw new IOException(m.id() + ": " + want.size() + " file(s) missing from its archive, e.g. " + want.keySet().iterator().next());
            }
        }
    }

    /**
     * Reads every archive this restore will take bytes from (the files archives of the chain that hold
     * selected content, and the point's dumps) and checks its size and SHA-256 against the manifest,
     * before a single byte is written: a corrupt or truncated archive never overwrites a live file.
     */
    static void checkArchives(Repository repo, List<Manifest> chain, List<FileEntry> files, boolean dumps) throws IOException {
        Set<String> needed = new HashSet<>();
        files.stream().filter(FileEntry::isFile).forEach(f -> needed.add(f.from()));
        Manifest last = chain.get(chain.size() - 1);
        for (Manifest m : chain) {
            for (Archive a : m.archives()) {
                boolean use = a.kind().equals("files") ? needed.contains(m.id()) : dumps && m == last && a.kind().equals("dump");
                if (!use) {
                    continue;
                }
                Hashing.In counted;
                try (InputStream raw = repo.session().open(Repository.generationDir(m.node(), m.id()) + "/" + a.name())) {
                    counted = new Hashing.In(raw);
                    counted.transferTo(OutputStream.nullOutputStream());
                }
                if (counted.count() != a.size() || !counted.hex().equals(a.sha256())) {
                    throw new IOException(m.node() + " " + m.id() + ": " + a.name() + " does not match its manifest (" + counted.count()
                            + " bytes, SHA-256 " + counted.hex().substring(0, 12) + "…; expected " + a.size() + " bytes, " + a.sha256().substring(0, 12)
                            + "…): the archive is corrupt; nothing was written. Restore an older point (vigil backup list) or use the relay's copy");
                }
            }
        }
    }

    // ---- to a directory on the controller ----

    public static Result toDirectory(Repository repo, Catalog c, Generation g, Path dir, List<String> globs, boolean dryRun) throws IOException {
        List<Manifest> chain = chain(repo, c, g);
        Manifest m = chain.get(chain.size() - 1);
        List<String> problems = new ArrayList<>();
        List<FileEntry> files = new ArrayList<>();
        for (FileEntry f : selected(m, globs)) {
            if (f.path().equals("/")) {
                continue; // the backed-up root is the restore directory itself
            }
            if (dev.vigil.core.text.RawNames.isText(f.path()) && (f.link() == null || dev.vigil.core.text.RawNames.isText(f.link()))) {
                files.add(f);
            } else {
                // java.nio on this controller holds names as text; --in-place writes them byte for byte
                problems.add(dev.vigil.core.text.RawNames.display(f.path()) + ": the name is not UTF-8, which a directory on the controller"
                        + " cannot be given from here; restore it with --in-place (byte for byte)");
            }
        }
        Path root = dir.toAbsolutePath().normalize();
        List<String> created = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        long bytes = files.stream().filter(FileEntry::isFile).mapToLong(FileEntry::size).sum();
        for (FileEntry f : files) {
            Path p = under(root, f.path());
            (Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? replaced : created).add(f.path());
        }
        List<String> dumps = m.archives().stream().filter(a -> a.kind().equals("dump")).map(Archive::name).toList();
        if (dryRun) {
            return new Result(g.node(), g.id(), ids(chain), files.size(), bytes, created, replaced, List.of(), dumps, null, problems).dry();
        }
        checkArchives(repo, chain, files, true);
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        Files.createDirectories(root);
        for (FileEntry f : files.stream().filter(f -> f.type().equals("d")).sorted(Comparator.comparing(FileEntry::path)).toList()) {
            SafePaths.directory(root, under(root, f.path()));
        }
        contents(repo, chain, files, (f, content) -> {
            Path p = under(root, f.path());
            SafePaths.directory(root, p.getParent());
            String problem = writeVerified(p, content, f.sha256());
            if (problem != null) {
                problems.add(f.path() + ": " + problem);
            }
        });
        for (FileEntry f : files) {
            Path p = under(root, f.path());
            if (f.type().equals("l")) {
                SafePaths.directory(root, p.getParent());
                try {
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        SafePaths.deleteTree(p);
                    }
                    Files.deleteIfExists(p);
                    Files.createSymbolicLink(p, Path.of(f.link()));
                } catch (IOException e) {
                    problems.add(f.path() + ": symlink not restored (" + e.getMessage() + ")");
                }
                continue;
            }
            if (f.isFile() && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            applyAttributes(p, f, asRoot, problems);
        }
        // directories last, deepest first, so writing their contents does not move their mtimes again
        for (FileEntry f : files.stream().filter(f -> f.type().equals("d")).sorted(Comparator.comparing(FileEntry::path).reversed()).toList()) {
            applyAttributes(under(root, f.path()), f, asRoot, problems);
        }
        List<String> dumpFiles = new ArrayList<>();
        for (Archive a : m.archives()) {
            if (a.kind().equals("dump")) {
                Path dumpDir = SafePaths.directory(root, root.resolve(DUMPS_DIR));
                Path d = dumpDir.resolve(a.name().replaceFirst("\\.(gz|zst)$", ""));
                String problem;
                try (InputStream raw = repo.session().open(Repository.generationDir(m.node(), m.id()) + "/" + a.name());
                     InputStream in = Compression.decompress(a.name(), raw)) {
                    problem = writeVerified(d, in, a.rawSha256());
                }
                if (problem != null) {
                    problems.add(a.name() + ": " + problem);
                    continue;
                }
                dumpFiles.add(d.toString());
            }
        }
        return new Result(g.node(), g.id(), ids(chain), files.size(), bytes, created, replaced, List.of(), dumpFiles, null, problems);
    }

    /**
     * Writes {@code content} under a temporary name beside {@code p} and renames it over p (over a
     * symlink too: rename replaces the link, never follows it) only once its SHA-256 is {@code sha256}.
     * Returns the problem, or null; on a problem p is left as it was.
     */
    private static String writeVerified(Path p, InputStream content, String sha256) throws IOException {
        Path tmp = SafePaths.temporary(p.getParent(), p.getFileName().toString());
        Hashing.Out h;
        try (OutputStream out = Files.newOutputStream(tmp, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            h = new Hashing.Out(out);
            content.transferTo(h);
        }
        if (!h.hex().equals(sha256)) {
            Files.deleteIfExists(tmp);
            return "its content in the archive does not match the manifest's SHA-256; left as it was";
        }
        try {
            Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return null;
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            return "could not be put in place (" + e.getMessage() + ")";
        }
    }

    private static void applyAttributes(Path p, FileEntry f, boolean root, List<String> problems) {
        try {
            // never through a link: what is at p now was checked (or made) by this restore
            java.nio.file.attribute.PosixFileAttributeView view =
                    Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            if (Files.isSymbolicLink(p)) {
                return;
            }
            view.setPermissions(permissions(f.mode()));
            if (root) {
                Files.setAttribute(p, "unix:uid", f.uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", f.gid(), LinkOption.NOFOLLOW_LINKS);
            }
            FileTime t = FileTime.from(Instant.ofEpochSecond(0, f.mtime()));
            view.setTimes(t, null, null);
        } catch (IOException | UnsupportedOperationException e) {
            problems.add(f.path() + ": attributes not restored: " + e.getMessage());
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = java.util.EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << i)) != 0) {
                s.add(order[i]);
            }
        }
        return s;
    }

    /** DIR + the absolute path from a manifest; a path that would leave DIR (../) is refused: manifests come from a server. */
    static Path under(Path dir, String path) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        Path p;
        try {
            p = root.resolve(path.startsWith("/") ? path.substring(1) : path).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new IOException("a path from the manifest is not a path here: " + dev.vigil.core.text.RawNames.display(path));
        }
        if (!path.startsWith("/") || !p.startsWith(root) || p.equals(root)) {
            throw new IOException("refusing a path from the manifest that leaves the restore directory: " + path);
        }
        return p;
    }

    private static List<String> ids(List<Manifest> chain) {
        return chain.stream().map(Manifest::id).toList();
    }

    // ---- back onto the node ----

    /**
     * Writes the point back onto the node: first what it would overwrite or delete is saved on the
     * node under {@link #SAFETY_DIR}; then one tar stream (directories, files, links, with owners,
     * modes and mtimes) is unpacked by the node's tar; deletions follow; then every restored file's
     * SHA-256 is checked on the node.
     */
    public static Result inPlace(Repository repo, Catalog c, Generation g, Transport t, List<String> globs, boolean dryRun, Duration timeout)
            throws IOException, TransportException, InterruptedException {
        List<Manifest> chain = chain(repo, c, g);
        Manifest m = chain.get(chain.size() - 1);
        List<FileEntry> files = selected(m, globs);
        List<String> deletions = deletions(chain, globs);
        Map<String, FileEntry> current = new HashMap<>();
        if (!m.paths().isEmpty()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            t.run(Listing.command(m.paths()), null, out, new BoundedOutput(65536), timeout);
            Listing.parse(out.toByteArray()).entries().forEach(e -> current.put(e.path(), e));
        }
        List<String> created = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        for (FileEntry f : files) {
            FileEntry now = current.get(f.path());
            if (now == null) {
                created.add(f.path());
            } else if (differs(now, f)) {
                replaced.add(f.path());
            }
        }
        List<String> toDelete = deletions.stream().filter(current::containsKey).toList();
        long bytes = files.stream().filter(FileEntry::isFile).mapToLong(FileEntry::size).sum();
        if (dryRun) {
            return new Result(g.node(), g.id(), ids(chain), files.size(), bytes, created, replaced, toDelete, List.of(), null, List.of()).dry();
        }
        checkArchives(repo, chain, files, false);
        String safety = null;
        List<String> atRisk = new ArrayList<>(replaced);
        atRisk.addAll(toDelete);
        if (!atRisk.isEmpty()) {
            safety = SAFETY_DIR + "/" + g.node() + "-" + dev.vigil.core.text.Stamps.seconds(Instant.now()) + ".tar.gz";
            int code = t.run("mkdir -p " + SAFETY_DIR + " && chmod 700 " + SAFETY_DIR + " && LC_ALL=C tar -C / --null --verbatim-files-from"
                    + " --no-recursion --ignore-failed-read -czf " + dev.vigil.core.transport.ShellQuote.quote(safety) + " -T -", new ByteArrayInputStream(NodePipe.nulSeparated(atRisk)),
                    OutputStream.nullOutputStream(), new BoundedOutput(65536), timeout);
            if (code > 1) {
                throw new IOException("could not make the safety copy " + safety + " on " + g.node() + " (tar exit " + code + "); nothing was changed");
            }
        }
        unpackOnNode(repo, chain, withAncestors(m, files), t, timeout);
        if (!toDelete.isEmpty()) {
            t.run("xargs -0 -r rm -f --", new ByteArrayInputStream(NodePipe.nulSeparated(toDelete.stream().filter(p -> !"d".equals(current.get(p).type())).toList())),
                    OutputStream.nullOutputStream(), new BoundedOutput(65536), timeout);
            t.run("xargs -0 -r rmdir --ignore-fail-on-non-empty --", new ByteArrayInputStream(NodePipe.nulSeparated(
                    toDelete.stream().filter(p -> "d".equals(current.get(p).type())).toList())), OutputStream.nullOutputStream(),
                    new BoundedOutput(65536), timeout);
        }
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        checkOnNode(t, files, timeout, problems, notes);
        return new Result(g.node(), g.id(), ids(chain), files.size(), bytes, created, replaced, toDelete, List.of(), safety, problems, notes);
    }

    /**
     * The entries plus every directory of the point above them: the node's tar then makes each parent a
     * real directory (replacing a symlink that stands there) instead of writing through it.
     */
    static List<FileEntry> withAncestors(Manifest m, List<FileEntry> files) {
        Map<String, FileEntry> dirs = new HashMap<>();
        m.files().stream().filter(f -> f.type().equals("d")).forEach(f -> dirs.put(f.path(), f));
        Map<String, FileEntry> out = new LinkedHashMap<>();
        for (FileEntry f : files) {
            String p = f.path();
            int slash;
            while ((slash = p.lastIndexOf('/')) > 0) {
                p = p.substring(0, slash);
                FileEntry d = dirs.get(p);
                if (d != null) {
                    out.putIfAbsent(p, d);
                }
            }
        }
        files.forEach(f -> out.put(f.path(), f));
        return new ArrayList<>(out.values());
    }

    private static boolean differs(FileEntry now, FileEntry want) {
        return !now.type().equals(want.type()) || now.mode() != want.mode() || now.uid() != want.uid() || now.gid() != want.gid()
                || (want.isFile() && (now.size() != want.size() || now.mtime() / 1_000_000_000L != want.mtime() / 1_000_000_000L))
                || (want.type().equals("l") && !want.link().equals(now.link()));
    }

    private static void unpackOnNode(Repository repo, List<Manifest> chain, List<FileEntry> files, Transport t, Duration timeout)
            throws IOException, InterruptedException {
        try (NodePipe node = NodePipe.writing(t, "LC_ALL=C tar -C / -xpf - --numeric-owner --same-owner", timeout)) {
            try (TarArchiveOutputStream tar = Tars.out(node.stdin())) {
                for (FileEntry f : files.stream().filter(f -> f.type().equals("d")).sorted(Comparator.comparing(FileEntry::path)).toList()) {
                    tar.putArchiveEntry(header(f, Tars.name(f.path()) + "/", TarArchiveEntry.LF_DIR));
                    tar.closeArchiveEntry();
                }
                contents(repo, chain, files, (f, content) -> {
                    TarArchiveEntry e = header(f, Tars.name(f.path()), TarArchiveEntry.LF_NORMAL);
                    e.setSize(f.size());
                    tar.putArchiveEntry(e);
                    content.transferTo(tar);
                    tar.closeArchiveEntry();
                });
                for (FileEntry f : files) {
                    if (f.type().equals("l")) {
                        TarArchiveEntry e = header(f, Tars.name(f.path()), TarArchiveEntry.LF_SYMLINK);
                        e.setLinkName(Tars.linkName(f.link()));
                        tar.putArchiveEntry(e);
                        tar.closeArchiveEntry();
                    }
                }
                tar.finish();
            } catch (IOException e) {
                throw new IOException("restoring onto " + t.node().name() + ": " + e.getMessage() + node.stderrTail(), e);
            }
            // the end of the stream (closed above) ends the node's tar
            int code = node.exitCode();
            if (code != 0) {
                throw new IOException("tar on " + t.node().name() + " exited " + code + node.stderrTail());
            }
        }
    }

    private static TarArchiveEntry header(FileEntry f, String name, byte kind) {
        TarArchiveEntry e = new TarArchiveEntry(name, kind);
        e.setMode(f.mode());
        e.setUserId(f.uid());
        e.setGroupId(f.gid());
        e.setUserName(f.user());
        e.setGroupName(f.group());
        e.setModTime(FileTime.from(Instant.ofEpochSecond(0, f.mtime())));
        return e;
    }

    /**
     * Reads back every restored file's SHA-256. A file whose content differs but whose mtime is no
     * longer the one the restore gave it was written again after the restore (a service still running
     * on the node): that is a note, not a failed restore. One that differs with the restored mtime is a problem.
     */
    private static void checkOnNode(Transport t, List<FileEntry> files, Duration timeout, List<String> problems, List<String> notes)
            throws TransportException {
        List<FileEntry> regular = files.stream().filter(FileEntry::isFile).toList();
        if (regular.isEmpty()) {
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        t.run("xargs -0 -r sha256sum -z --", new ByteArrayInputStream(NodePipe.nulSeparated(regular.stream().map(FileEntry::path).toList())), out,
                new BoundedOutput(65536), timeout);
        Map<String, String> sums = new HashMap<>();
        // "HASH  NAME": 64 hex digits and two spaces (ASCII, one char per byte), then the name
        for (String rec : dev.vigil.core.text.RawNames.splitNul(out.toByteArray())) {
            if (rec.length() > 66) {
                sums.put(rec.substring(66), rec.substring(0, 64));
            }
        }
        List<FileEntry> differing = regular.stream().filter(f -> sums.containsKey(f.path()) && !f.sha256().equals(sums.get(f.path()))).toList();
        Map<String, Long> mtimes = mtimesOnNode(t, differing, timeout);
        for (FileEntry f : regular) {
            String s = sums.get(f.path());
            if (s == null) {
                problems.add(f.path() + ": SHA-256 on the node after restore could not be read");
            } else if (!f.sha256().equals(s)) {
                Long now = mtimes.get(f.path());
                if (now != null && now != f.mtime() / 1_000_000_000L) {
                    notes.add(f.path() + ": written again on the node after the restore (modified "
                            + Instant.ofEpochSecond(now) + "); a service still running there? stop it and restore again for a consistent copy");
                } else {
                    problems.add(f.path() + ": SHA-256 on the node after restore does not match");
                }
            }
        }
    }

    /** Seconds of mtime by path, as the node's stat reports them. */
    private static Map<String, Long> mtimesOnNode(Transport t, List<FileEntry> files, Duration timeout) throws TransportException {
        Map<String, Long> mtimes = new HashMap<>();
        if (files.isEmpty()) {
            return mtimes;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        t.run("xargs -0 -r stat --printf '%Y %n\\0' --", new ByteArrayInputStream(NodePipe.nulSeparated(files.stream().map(FileEntry::path).toList())),
                out, new BoundedOutput(65536), timeout);
        for (String rec : dev.vigil.core.text.RawNames.splitNul(out.toByteArray())) {
            int space = rec.indexOf(' ');
            if (space > 0) {
                try {
                    mtimes.put(rec.substring(space + 1), Long.parseLong(rec.substring(0, space)));
                } catch (NumberFormatException e) {
                    // not stat's line; the file stays a problem
                }
            }
        }
        return mtimes;
    }
}
