package dev.vigil.backup;

import dev.vigil.backup.Model.Catalog;
import dev.vigil.backup.Model.Generation;
import dev.vigil.backup.Model.Manifest;
import dev.vigil.backup.target.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The layout of a target, the same on every kind:
 * <pre>
 *   lock/owner.json                     while a run holds the target (mkdir is the atomic step)
 *   catalog/catalog-0000000042.json     the catalog; the highest sequence is current
 *   nodes/NODE/GEN/files.tar.gz         a generation: its archives, then manifest.json.gz last
 *   nodes/NODE/_partial-GEN/            a generation being written (never listed)
 *   nodes/NODE/_trash-GEN/              a generation being deleted
 * </pre>
 * A generation is written under a temporary name, every object verified by size, the manifest
 * uploaded last, then the directory renamed to its unique final name; the catalog is replaced last,
 * by a rename to a new unique name. A run that dies leaves only .partial, .trash or .tmp names,
 * which the next run removes. No step renames over an existing name: FTP servers differ there.
 */
public final class Repository {
    private static final Logger log = LoggerFactory.getLogger(Repository.class);
    public static final String MANIFEST = "manifest.json.gz";

    public record LockOwner(String host, long pid, String user, String started, String command) {
    }

    /** The target is held by another run (or a stale lock was left). */
    public static final class LockedException extends IOException {
        private static final long serialVersionUID = 1L;

        LockedException(String message) {
            super(message);
        }
    }

    private final Target target;
    private final Target.Session session;
    private String takenOver;

    public Repository(Target target, Target.Session session) {
        this.target = target;
        this.session = session;
    }

    public Target target() {
        return target;
    }

    public Target.Session session() {
        return session;
    }

    public static String nodeDir(String node) {
        return "nodes/" + safeName(node);
    }

    public static String generationDir(String node, String id) {
        return nodeDir(node) + "/" + id;
    }

    public static String partialDir(String node, String id) {
        return nodeDir(node) + "/_partial-" + id;
    }

    static String safeName(String node) {
        if (node.isEmpty() || node.startsWith(".") || !node.matches("[A-Za-z0-9._@:-]+")) {
            throw new IllegalArgumentException("node name '" + node + "' cannot name a backup directory");
        }
        return node;
    }

    // ---- lock ----

    /** Takes the target's lock, or explains who holds it and since when. */
    public void lock(String command, Duration staleAfter) throws IOException {
        session.mkdir("catalog");
        session.mkdir("nodes");
        if (!session.mkdir("lock")) {
            LockOwner owner = readOwner();
            if (owner == null) {
                throw new LockedException(target.display() + " is locked (lock/ without an owner record: a run died while taking it);"
                        + " if no run is active, remove it with `vigil backup unlock --target " + target.display() + "`");
            }
            if (owner.host().equals(dev.vigil.core.state.Controller.hostName()) && ProcessHandle.of(owner.pid()).isEmpty()) {
                // provably dead: the run that held it was on this controller and its process is gone
                log.warn("{}: removing the lock of a dead run ({} pid {} since {})", target.display(), owner.command(), owner.pid(), owner.started());
                takenOver = "took over the lock of a run that died (pid " + owner.pid() + " on this controller, since " + owner.started() + ")";
                unlock();
                lock(command, staleAfter);
                return;
            }
            Duration age = Duration.between(Instant.parse(owner.started()), Instant.now());
            String who = owner.user() + "@" + owner.host() + " pid " + owner.pid() + " (" + owner.command() + ") since " + owner.started();
            if (age.compareTo(staleAfter) > 0) {
                throw new LockedException(target.display() + " has a stale lock: held by " + who + ", over "
                        + dev.vigil.core.config.Durations.format(staleAfter) + " ago; if that run is gone, remove it with"
                        + " `vigil backup unlock --target " + target.display() + "`");
            }
            throw new LockedException(target.display() + " is busy: a run by " + who + " holds it");
        }
        LockOwner me = new LockOwner(dev.vigil.core.state.Controller.hostName(), ProcessHandle.current().pid(), System.getProperty("user.name"),
                Instant.now().toString(), command);
        try (OutputStream out = session.create("lock/owner.json")) {
            out.write(Model.JSON.writeValueAsBytes(me));
        }
        Held.add(target);
    }

    /**
     * Locks this process holds, released by a shutdown hook when the process is ended (Ctrl-C,
     * SIGTERM) while a run is still inside its lock: every clean way out gives the target back.
     * The hook uses a session of its own, and removes only a lock whose owner record is this process.
     */
    static final class Held {
        private static final Set<Target> TARGETS = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private static final java.util.concurrent.atomic.AtomicBoolean HOOKED = new java.util.concurrent.atomic.AtomicBoolean();

        private Held() {
        }

        static void add(Target t) {
            TARGETS.add(t);
            if (HOOKED.compareAndSet(false, true)) {
                Runtime.getRuntime().addShutdownHook(new Thread(Repository::releaseHeldLocks, "vigil-release-locks"));
            }
        }

        static void remove(Target t) {
            TARGETS.remove(t);
        }
    }

    /** Gives back every lock this process still holds (what the shutdown hook does); returns how many. */
    public static int releaseHeldLocks() {
        int released = 0;
        for (Target t : List.copyOf(Held.TARGETS)) {
            try (Target.Session s = t.open(false)) {
                Repository r = new Repository(t, s);
                LockOwner owner = r.readOwner();
                if (owner != null && owner.pid() == ProcessHandle.current().pid()
                        && owner.host().equals(dev.vigil.core.state.Controller.hostName())) {
                    r.unlock();
                    released++;
                    log.warn("{}: released this run's lock on the way out", t.display());
                }
            } catch (IOException | RuntimeException e) {
                log.warn("{}: could not release this run's lock on the way out: {}", t.display(), e.getMessage());
            }
            Held.remove(t);
        }
        return released;
    }

    /** Set when {@link #lock} removed the lock of a run on this controller whose process is gone. */
    public String takenOver() {
        return takenOver;
    }

    public LockOwner readOwner() throws IOException {
        try (InputStream in = session.open("lock/owner.json")) {
            return Model.JSON.readValue(in.readAllBytes(), LockOwner.class);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            if (session.size("lock/owner.json") < 0) {
                return null;
            }
            throw e;
        }
    }

    public void unlock() throws IOException {
        session.delete("lock/owner.json");
        session.rmdir("lock");
        Held.remove(target);
    }

    // ---- catalog ----

    public Catalog catalog() throws IOException {
        return catalog(session.list("catalog"));
    }

    private Catalog catalog(List<String> names) throws IOException {
        String newest = names.stream().filter(n -> n.matches("catalog-\\d{10}\\.json")).max(Comparator.naturalOrder()).orElse(null);
        if (newest == null) {
            return Catalog.empty();
        }
        try (InputStream in = session.open("catalog/" + newest)) {
            return FromTarget.catalog(in.readAllBytes());
        } catch (IOException e) {
            throw new IOException(target.display() + ": catalog/" + newest + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the catalog: written under a temporary name, verified, renamed to the next sequence. */
    public Catalog writeCatalog(Catalog old, List<Generation> generations) throws IOException {
        List<Generation> sorted = new ArrayList<>(generations);
        sorted.sort(Comparator.comparing(Generation::node).thenComparing(Generation::id));
        Catalog next = new Catalog(1, old.sequence() + 1, Instant.now().toString(), sorted);
        byte[] bytes = Model.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(next);
        String tmp = "catalog/_tmp-" + UUID.randomUUID();
        upload(tmp, bytes);
        session.rename(tmp, String.format("catalog/catalog-%010d.json", next.sequence()));
        for (String name : session.list("catalog")) {
            if (name.matches("catalog-\\d{10}\\.json") && Long.parseLong(name.substring(8, 18)) < next.sequence() - 2) {
                session.delete("catalog/" + name);
            }
        }
        return next;
    }

    /** Uploads small bytes to {@code path} and checks the size the target reports. */
    public void upload(String path, byte[] bytes) throws IOException {
        try (OutputStream out = session.create(path)) {
            out.write(bytes);
        }
        verifySize(path, bytes.length);
    }

    public void verifySize(String path, long expected) throws IOException {
        long size = session.size(path);
        if (size != expected) {
            throw new IOException(target.display() + ": " + path + " holds " + size + " bytes after upload, not " + expected);
        }
    }

    // ---- generations ----

    public static byte[] manifestBytes(Manifest m) throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            Model.JSON.writeValue(z, m);
        }
        return b.toByteArray();
    }

    public Manifest manifest(String node, String id) throws IOException {
        try (InputStream in = new GZIPInputStream(session.open(generationDir(node, id) + "/" + MANIFEST))) {
            return FromTarget.manifest(in.readAllBytes());
        } catch (java.nio.file.NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(node + " " + id + ": " + e.getMessage(), e);
        }
    }

    /** Uploads the manifest last and renames the generation into place: from now on it is whole. */
    public void publish(Manifest m) throws IOException {
        String partial = partialDir(m.node(), m.id());
        upload(partial + "/" + MANIFEST, manifestBytes(m));
        session.rename(partial, generationDir(m.node(), m.id()));
    }

    public void removeDir(String dir) throws IOException {
        for (String name : session.list(dir)) {
            session.delete(dir + "/" + name);
        }
        session.rmdir(dir);
    }

    /**
     * Tidies what a dead run left: .partial and .trash directories and temporary catalogs are removed;
     * a whole generation (with its manifest) missing from the catalog is adopted; a catalog entry
     * whose directory is gone is dropped. Returns the catalog to use, rewritten if anything changed.
     */
    public Catalog cleanUp(List<String> notes) throws IOException {
        List<String> names = session.list("catalog");
        Catalog catalog = catalog(names);
        for (String name : names) {
            if (name.startsWith("_tmp-")) {
                session.delete("catalog/" + name);
                notes.add("removed a temporary catalog a dead run left: " + name);
            }
        }
        Map<String, Generation> byKey = new java.util.LinkedHashMap<>();
        catalog.generations().forEach(g -> byKey.put(g.node() + "/" + g.id(), g));
        Set<String> present = new HashSet<>();
        boolean changed = false;
        for (String node : session.list("nodes")) {
            for (String name : session.list("nodes/" + node)) {
                String dir = "nodes/" + node + "/" + name;
                if (name.startsWith("_partial-") || name.startsWith("_trash-")) {
                    removeDir(dir);
                    notes.add("removed " + dir + ", left by a run that did not finish");
                    continue;
                }
                present.add(node + "/" + name);
                if (!byKey.containsKey(node + "/" + name)) {
                    if (session.size(dir + "/" + MANIFEST) >= 0) {
                        Manifest m = manifest(node, name);
                        byKey.put(node + "/" + name, Backups.catalogEntry(m));
                        notes.add("adopted " + dir + ": complete, but the run that wrote it died before the catalog");
                        changed = true;
                    } else {
                        removeDir(dir);
                        notes.add("removed " + dir + ": no manifest");
                    }
                }
            }
        }
        for (String key : new ArrayList<>(byKey.keySet())) {
            if (!present.contains(key)) {
                byKey.remove(key);
                notes.add("dropped " + key + " from the catalog: its directory is gone");
                changed = true;
            }
        }
        if (changed) {
            catalog = writeCatalog(catalog, new ArrayList<>(byKey.values()));
        }
        notes.forEach(n -> log.warn("{}: {}", target.display(), n));
        return catalog;
    }
}
