package dev.vigil.backup;

import dev.vigil.backup.BackupConfig.BackupSet;
import dev.vigil.backup.Model.Catalog;
import dev.vigil.backup.Model.Generation;
import dev.vigil.backup.Model.Manifest;
import dev.vigil.backup.Model.Type;
import dev.vigil.backup.target.Target;
import dev.vigil.core.fleet.FleetRunner;
import dev.vigil.core.fleet.NodeResult;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Outcome;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One backup run over many nodes to one target: lock the target, tidy what a dead run left, back
 * the nodes up in parallel (each with its own connection to the target), add the new generations
 * to the catalog at once, prune the nodes that succeeded, unlock.
 */
public final class Backups {
    public static final Comparator<Generation> NEWEST_FIRST =
            Comparator.comparing(Generation::time).thenComparing(Generation::id).reversed();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Backups() {
    }

    /** What a run is asked to do. */
    /**
     * @param minSizeRatio a run whose point holds fewer bytes than this share of the previous
     *                     generation's fails and is not kept (0: no such check); a run that reads nothing always fails
     */
    public record Request(Type type, String reason, Compression compression, int keep, Duration staleLock, Duration transferTimeout,
                          String command, double minSizeRatio) {
    }

    /** How one node went: ok, warn (backed up, with warnings), failed, unreachable, or skipped (no backup set). */
    public record NodeOutcome(String node, String status, Generation generation, String message, List<String> warnings,
                              long durationMs) {
    }

    public record RunResult(String target, List<NodeOutcome> nodes, List<String> notes, List<Generation> pruned) {
    }

    public static Generation catalogEntry(Manifest m) {
        long size = m.archives().stream().mapToLong(Model.Archive::size).sum();
        return new Generation(m.node(), m.id(), m.type(), m.chain(), m.parent(), m.started(), size, m.files().size(), m.reason(),
                m.paths(), m.warnings().isEmpty() ? null : List.copyOf(m.warnings()));
    }

    public static String newId(Type type, Instant at) {
        byte[] r = new byte[3];
        RANDOM.nextBytes(r);
        return dev.vigil.core.text.Stamps.millis(at) + "-" + type.label() + "-" + HexFormat.of().formatHex(r);
    }

    /** The generations of one node, newest first. */
    public static List<Generation> ofNode(Catalog c, String node) {
        return c.generations().stream().filter(g -> g.node().equals(node)).sorted(NEWEST_FIRST).toList();
    }

    /** The new generation's place: its chain, its parent, and the manifest it is compared with. */
    static NodeBackup.Plan plan(String node, List<String> paths, Type type, String reason, Catalog catalog, Repository repo,
                                List<String> notes) throws IOException {
        // a chain continues only over the same paths: an ad-hoc --paths run never becomes another set's base
        List<Generation> gens = ofNode(catalog, node).stream().filter(g -> paths.equals(g.paths())).toList();
        Generation base = switch (type) {
            case INCREMENTAL -> gens.stream().filter(g -> g.typeEnum() != Type.PRE_RISK).findFirst().orElse(null);
            case DIFFERENTIAL -> gens.stream().filter(g -> g.typeEnum() == Type.FULL).findFirst().orElse(null);
            default -> null;
        };
        Type actual = type;
        if (!type.standalone() && base == null) {
            notes.add(node + ": no full generation on this target yet, so this " + type.label() + " is a full");
            actual = Type.FULL;
        }
        String id = newId(actual, Instant.now());
        if (base == null) {
            // a full is compared with the newest generation of the same paths: a sudden shrink is a lost mount, not a backup
            Generation previous = gens.isEmpty() ? null : gens.get(0);
            Manifest before = null;
            if (previous != null) {
                try {
                    before = repo.manifest(node, previous.id());
                } catch (IOException unreadable) {
                    // a full is the remedy for a damaged generation: it must not be blocked by it
                    notes.add(node + ": the previous generation " + previous.id() + " is unreadable (" + unreadable.getMessage()
                            + "); this full is not compared with it");
                }
            }
            return new NodeBackup.Plan(id, actual, id, null, reason, null, before);
        }
        Manifest baseManifest = repo.manifest(node, base.id());
        return new NodeBackup.Plan(id, actual, base.chain(), base.id(), reason, baseManifest, baseManifest);
    }

    public static RunResult run(Target target, List<Node> nodes, Function<Node, BackupSet> sets, Request req, FleetRunner fleet)
            throws IOException {
        return run(target, nodes, sets, n -> null, req, fleet);
    }

    /** @param sources a node's pull source (its set read from a share), or null to read it over SSH */
    public static RunResult run(Target target, List<Node> nodes, Function<Node, BackupSet> sets, Function<Node, ShareSource> sources,
                                Request req, FleetRunner fleet) throws IOException {
        List<String> notes = new ArrayList<>();
        // the target is locked and tidied while the nodes already list their files (no target needed)
        java.util.concurrent.CompletableFuture<Prepared> prepared = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return prepare(target, req, notes);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        List<NodeOutcome> outcomes = new ArrayList<>();
        List<Node> covered = new ArrayList<>();
        Map<Node, ShareSource> pulled = new java.util.LinkedHashMap<>();
        for (Node n : nodes) {
            ShareSource source = sources.apply(n);
            if (sets.apply(n) == null) {
                outcomes.add(new NodeOutcome(n.name(), "skipped", null, "no backup set covers this node", List.of(), 0));
            } else if (source != null) {
                pulled.put(n, source);
            } else {
                covered.add(n);
            }
        }
        List<String> planNotes = java.util.Collections.synchronizedList(new ArrayList<>());
        List<NodeResult<Manifest>> results = fleet.run(covered, (node, transport) -> {
            BackupSet set = sets.apply(node);
            NodeBackup backup = new NodeBackup(set, req.compression(), req.transferTimeout(), req.minSizeRatio());
            NodeBackup.Scan scan = backup.scan(transport);
            return write(target, node, set, req, prepared, planNotes, (repo, plan) -> backup.run(node, transport, repo, plan, scan));
        }, m -> Outcome.OK);
        results = new ArrayList<>(results);
        for (Map.Entry<Node, ShareSource> p : pulled.entrySet()) {
            results.add(pull(target, p.getKey(), p.getValue(), sets.apply(p.getKey()), req, prepared, planNotes));
        }
        Prepared ready = awaitPrepared(prepared);
        Repository repo = ready.repo();
        Catalog catalog = ready.catalog();
        List<Generation> added = new ArrayList<>();
        List<Generation> pruned = new ArrayList<>();
        try {
            notes.addAll(planNotes);
            for (NodeResult<Manifest> r : results) {
                Manifest m = r.value();
                if (r.outcome() == Outcome.OK && m != null) {
                    Generation g = catalogEntry(m);
                    added.add(g);
                    outcomes.add(new NodeOutcome(r.node().name(), m.warnings().isEmpty() ? "ok" : "warn", g, null, m.warnings(),
                            r.duration().toMillis()));
                } else {
                    // unreachable is its own status: DESIGN's exit code 3 when nothing else went wrong
                    outcomes.add(new NodeOutcome(r.node().name(), r.outcome() == Outcome.UNREACHABLE ? "unreachable" : "failed", null,
                            r.outcome().label() + ": " + r.message(), List.of(), r.duration().toMillis()));
                }
            }
            // the lock is ours, so the catalog read at the start is still the target's
            repo = finish(target, repo, catalog, added, req.keep(), pruned);
        } catch (IOException | RuntimeException e) {
            // the target broke (a share or server gone mid-run): that is the failure to tell, with what the nodes
            // had done and that the lock is still there; nothing of this run is in the catalog
            String nodesSaid = outcomes.stream().filter(o -> o.message() != null && o.generation() == null).map(o -> o.node() + " " + o.message())
                    .findFirst().map(x -> "; " + x).orElse("");
            IOException told = new IOException(e.getMessage() + nodesSaid, e);
            try {
                repo.unlock();
            } catch (IOException | RuntimeException u) {
                told = new IOException(told.getMessage() + "; the target's lock could not be given back: once the target is"
                        + " back, check that no run is active and remove it with vigil backup unlock", e);
            } finally {
                repo.session().close();
            }
            throw told;
        }
        try {
            repo.unlock();
        } finally {
            repo.session().close();
        }
        outcomes.sort(Comparator.comparing(NodeOutcome::node));
        return new RunResult(target.display(), outcomes, notes, pruned);
    }

    /** Writes one node's generation: its own session to the target, once the target is locked and its catalog read. */
    @FunctionalInterface
    private interface Writer {
        Manifest write(Repository repo, NodeBackup.Plan plan) throws IOException, InterruptedException, dev.vigil.core.transport.TransportException;
    }

    private static Manifest write(Target target, Node node, BackupSet set, Request req, java.util.concurrent.CompletableFuture<Prepared> prepared,
                                  List<String> planNotes, Writer w)
            throws IOException, InterruptedException, dev.vigil.core.transport.TransportException {
        Prepared ready = awaitPrepared(prepared);
        try (Target.Session ns = target.open()) {
            Repository nrepo = new Repository(target, ns);
            return w.write(nrepo, plan(node.name(), set.include(), req.type(), req.reason(), ready.catalog(), nrepo, planNotes));
        }
    }

    /** One node whose set is read from a share: the same plan, generation and catalog entry as over SSH. */
    private static NodeResult<Manifest> pull(Target target, Node node, ShareSource source, BackupSet set, Request req,
                                             java.util.concurrent.CompletableFuture<Prepared> prepared, List<String> planNotes) {
        long start = System.nanoTime();
        try (source) {
            NodeBackup backup = new NodeBackup(set, req.compression(), req.transferTimeout(), req.minSizeRatio());
            NodeBackup.Scan scan = backup.scanShare(source);
            Manifest m = write(target, node, set, req, prepared, planNotes, (repo, plan) -> backup.runFromShare(node, source, repo, plan, scan));
            return new NodeResult<>(node, Outcome.OK, m, null, java.time.Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException | RuntimeException | dev.vigil.core.transport.TransportException e) {
            return new NodeResult<>(node, Outcome.FAILED, null, source.display() + ": " + e.getMessage(),
                    java.time.Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new NodeResult<>(node, Outcome.FAILED, null, "interrupted", java.time.Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /**
     * Adds the new generations to the catalog and prunes the nodes that succeeded. The session opened
     * at the start may have been dropped by the server during a long run (an idle control
     * connection); then a fresh one is used. Returns the repository still usable for unlocking.
     */
    private record Prepared(Repository repo, Catalog catalog) {
    }

    /** Locks the target and tidies it; on failure the lock is given back and the session closed. */
    private static Prepared prepare(Target target, Request req, List<String> notes) throws IOException {
        Target.Session main = target.open();
        Repository repo = new Repository(target, main);
        try {
            repo.lock(req.command(), req.staleLock());
        } catch (IOException | RuntimeException e) {
            main.close();
            throw e;
        }
        try {
            if (repo.takenOver() != null) {
                notes.add(repo.takenOver());
            }
            return new Prepared(repo, repo.cleanUp(notes));
        } catch (IOException | RuntimeException e) {
            try {
                repo.unlock();
            } catch (IOException | RuntimeException u) {
                e.addSuppressed(u);
            }
            main.close();
            throw e;
        }
    }

    private static Prepared awaitPrepared(java.util.concurrent.CompletableFuture<Prepared> prepared) throws IOException {
        try {
            return prepared.join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof java.io.UncheckedIOException u) {
                throw u.getCause();
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(c.getMessage(), c);
        }
    }

    private static Repository finish(Target target, Repository repo, Catalog catalog, List<Generation> added, int keep,
                                     List<Generation> pruned) throws IOException {
        if (added.isEmpty()) {
            return alive(target, repo);
        }
        repo = alive(target, repo);
        List<Generation> all = new ArrayList<>(catalog.generations());
        all.addAll(added);
        Catalog current = repo.writeCatalog(catalog, all);
        Set<String> succeeded = Set.copyOf(added.stream().map(Generation::node).toList());
        pruned.addAll(prune(repo, current, keep, succeeded, false));
        return repo;
    }

    private static Repository alive(Target target, Repository repo) throws IOException {
        try {
            repo.session().size("lock/owner.json");
            return repo;
        } catch (IOException e) {
            repo.session().close();
            return new Repository(target, target.open());
        }
    }

    /**
     * Applies (or with {@code dryRun} only computes) retention for these nodes (all when null): the
     * catalog is rewritten without the pruned generations first, then their directories go.
     */
    public static List<Generation> prune(Repository repo, Catalog catalog, int keep, Set<String> nodes, boolean dryRun) throws IOException {
        Map<String, List<Generation>> plan = Retention.plan(catalog.generations(), keep, nodes);
        List<Generation> gone = plan.values().stream().flatMap(List::stream).toList();
        if (dryRun || gone.isEmpty()) {
            return gone;
        }
        Set<String> goneKeys = Set.copyOf(gone.stream().map(g -> g.node() + "/" + g.id()).toList());
        List<Generation> kept = catalog.generations().stream().filter(g -> !goneKeys.contains(g.node() + "/" + g.id())).toList();
        for (Generation g : gone) {
            // renamed to .trash before the catalog changes: a dead run leaves trash, never a half generation
            String trash = Repository.nodeDir(g.node()) + "/_trash-" + g.id();
            repo.session().rename(Repository.generationDir(g.node(), g.id()), trash);
        }
        repo.writeCatalog(catalog, kept);
        for (Generation g : gone) {
            repo.removeDir(Repository.nodeDir(g.node()) + "/_trash-" + g.id());
        }
        return gone;
    }

}
