package dev.vigil.cli;

import dev.vigil.core.text.Plural;
import dev.vigil.backup.BackupConfig;
import dev.vigil.backup.BackupRun;
import dev.vigil.backup.BackupVerify;
import dev.vigil.backup.Backups;
import dev.vigil.backup.Model;
import dev.vigil.backup.Model.Generation;
import dev.vigil.backup.Relay;
import dev.vigil.backup.Repository;
import dev.vigil.backup.RestoreRun;
import dev.vigil.backup.Restorer;
import dev.vigil.backup.target.Target;
import dev.vigil.backup.target.Targets;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.error.VigilException;
import dev.vigil.core.result.RunResult;
import dev.vigil.core.result.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code vigil backup run|list|verify|restore|prune|relay|unlock}: management data, generations on targets. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Back up the nodes' management data to a directory or an FTPS server, and list, verify, restore, prune and relay it.",
                "What: the backup sets in vigil.yaml, or --paths. Where: file:///dir (also a share), ftpes:// (explicit TLS)",
                "or ftps:// (implicit TLS). Generations are full, incremental, differential or pre-risk; the latest 10 per",
                "node are kept, whole chains at a time."},
        subcommands = {BackupCommand.Run.class, BackupCommand.ListGenerations.class, BackupCommand.Verify.class,
                BackupCommand.Restore.class, BackupCommand.Prune.class, BackupCommand.RelayCmd.class, BackupCommand.Unlock.class})
final class BackupCommand extends GroupCommand {

    abstract static class TargetCommand extends ReportingCommand {
        @Option(names = "--target", paramLabel = "NAME|URL", description = "A target named in vigil.yaml, or a URL. Default: backup.target, else <state dir>/backups.")
        String target;

        @Option(names = "--target-password-file", paramLabel = "FILE", description = "The FTPS password (else VIGIL_TARGET_PASSWORD or the target's password_env/password_file). The global --password-file is the SSH password.")
        Path passwordFile;

        @Option(names = "--ca-file", paramLabel = "FILE", description = "Verify the FTPS server against these CA certificates (PEM) instead of the system trust store.")
        Path caFile;

        BackupConfig config() {
            return BackupConfig.load(context().configPath());
        }

        /** A session on a target that must exist already: reading commands never create one. */
        Target.Session existing(Target tgt) throws IOException {
            return tgt.open(false);
        }

        Targets.Overrides overrides() {
            return new Targets.Overrides(passwordFile, caFile);
        }

        Target target(BackupConfig cfg, String nameOrUrl) {
            return BackupRun.target(context().session(), cfg, nameOrUrl, overrides());
        }

        static VigilException failed(IOException e) {
            return BackupRun.failed(e);
        }

        /** Backup's JSON is its records' snake_case (Model.JSON), as in manifests and catalogs. */
        static RunResult snake(RunResult r) {
            return new SnakeCase(r);
        }

        static Listing listing(String summary, Object document, List<?> rows) {
            return new Listing(summary, Model.JSON.valueToTree(document), rows.stream()
                    .map(x -> Model.JSON.<Map<String, Object>>convertValue(x, new com.fasterxml.jackson.core.type.TypeReference<>() { })).toList());
        }

        record SnakeCase(RunResult inner) implements RunResult {
            @Override
            public dev.vigil.core.result.Status status() {
                return inner.status();
            }

            @Override
            public String summary() {
                return inner.summary();
            }

            @Override
            public List<dev.vigil.core.result.Finding> findings(String item) {
                return inner.findings(item);
            }

            @com.fasterxml.jackson.annotation.JsonValue
            com.fasterxml.jackson.databind.JsonNode json() {
                return Model.JSON.valueToTree(inner);
            }
        }

        /** Nodes named by -l that appear in the catalog (all when no -l). */
        Set<String> limitNodes() {
            return BackupVerify.limitNodes(context().session());
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Back up the selected nodes in parallel, streaming over SSH, uploading as it goes.")
    static final class Run extends TargetCommand implements Callable<Integer> {
        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "full, incremental, differential (changes since the last full) or pre-risk.")
        String type;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (required for pre-risk); kept in the catalog.")
        String reason;

        @Option(names = "--paths", split = ",", paramLabel = "P1,P2", description = "An ad-hoc backup set for every selected node, instead of vigil.yaml's sets.")
        List<String> paths;

        @Option(names = "--no-relay", description = "Do not relay to backup.relay_to afterwards (done by default when the run used the default target).")
        boolean noRelay;

        @Option(names = "--transfer-timeout", paramLabel = "DURATION", description = "The longest one node's transfer may take. Default: 4h.")
        java.time.Duration timeout = java.time.Duration.ofHours(4);

        @Option(names = "--allow-shrink", description = "Keep a generation even when it holds under backup.min_size_ratio (0.5) of the previous one's bytes"
                + " (a run that reads nothing still fails).")
        boolean allowShrink;

        @Override
        public Integer call() {
            CommandContext ctx = context();
            BackupRun.Result r = BackupRun.run(ctx.session(), new BackupRun.Request(type, reason, paths, target, overrides(), noRelay,
                    timeout, allowShrink));
            return output.emit(context(), title(), snake(r), () -> Renderers.text(out -> {
                Table table = new Table("NODE", "STATUS", "GENERATION", "FILES", "SIZE", "TIME", "MESSAGE");
                for (Backups.NodeOutcome n : r.nodes()) {
                    Generation g = n.generation();
                    String msg = n.message() != null ? n.message() : n.warnings().isEmpty() ? "" : Plural.of(n.warnings().size(), "warning") + ": " + n.warnings().get(0);
                    table.row(n.node(), n.status(), g == null ? "-" : g.id(), g == null ? "-" : g.files(), g == null ? "-" : bytes(g.size()),
                            String.format("%.1fs", n.durationMs() / 1000.0), msg);
                }
                out.print(table.render());
                r.run().notes().forEach(n -> out.println("note: " + n));
                out.println("target: " + r.run().target() + (r.run().pruned().isEmpty() ? "" : "; pruned " + Plural.of(r.run().pruned().size(), "old generation")));
                if (r.relay() != null) {
                    out.println("relay: copied " + r.relay().copied().size() + ", pruned " + r.relay().pruned().size());
                }
                if (r.relayError() != null) {
                    out.println("relay failed: " + r.relayError());
                }
            }));
        }
    }

    static String bytes(long n) {
        return dev.vigil.core.text.Sizes.iec(n);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the generations per node on the target: type, time, size, chain, reason.")
    static final class ListGenerations extends TargetCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            BackupConfig cfg = config();
            Target tgt = target(cfg, target);
            Set<String> only = limitNodes();
            List<Generation> gens;
            try (Target.Session s = existing(tgt)) {
                gens = new ArrayList<>(new Repository(tgt, s).catalog().generations());
            } catch (IOException e) {
                throw failed(e);
            }
            gens.removeIf(g -> only != null && !only.contains(g.node()));
            gens.sort(java.util.Comparator.comparing(Generation::node).thenComparing(Backups.NEWEST_FIRST));
            return output.emit(context(), title(), listing(Plural.of(gens.size(), "generation") + " on " + tgt.display(),
                    Map.of("target", tgt.display(), "generations", gens), gens), () -> Renderers.text(out -> {
                        Table table = new Table("NODE", "GENERATION", "TYPE", "TIME", "SIZE", "FILES", "CHAIN", "REASON");
                        for (Generation g : gens) {
                            table.row(g.node(), g.id(), g.type(), g.time(), bytes(g.size()), g.files(), g.chain().equals(g.id()) ? "(root)" : g.chain(),
                                    g.reason() == null ? "" : g.reason());
                        }
                        out.print(table.render());
                        out.println(Plural.of(gens.size(), "generation") + " on " + tgt.display());
                    }));
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Verify the archives: every checksum, and that every incremental's chain is complete.")
    static final class Verify extends TargetCommand implements Callable<Integer> {
        @Option(names = "--generation", paramLabel = "G", description = "Only this generation (an id or a unique prefix). Default: all.")
        String generation;

        @Override
        public Integer call() {
            BackupVerify.Result r = BackupVerify.run(context().session(), new BackupVerify.Request(generation, target, overrides()));
            return output.emit(context(), title(), snake(r), () -> Renderers.text(out -> {
                Table table = new Table("NODE", "GENERATION", "STATUS", "PROBLEM");
                for (BackupVerify.Row row : r.rows()) {
                    List<String> p = row.problems();
                    table.row(row.node(), row.generation(), row.status(), p.isEmpty() ? "" : p.get(0) + (p.size() > 1 ? " (+" + (p.size() - 1) + " more)" : ""));
                }
                out.print(table.render());
                out.println(Plural.of(r.rows().size(), "generation") + " verified, " + r.bad() + " with problems");
            }));
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, description = "Rebuild a node's point in time from its chain, into a directory or back onto the node.")
    static final class Restore extends TargetCommand implements Callable<Integer> {
        @Option(names = "--node", required = true, paramLabel = "NODE", description = "Whose backup.")
        String node;

        @Option(names = "--generation", paramLabel = "G", description = "An id (or unique prefix), or latest. Default: latest.")
        String generation = "latest";

        @Option(names = "--to", paramLabel = "DIR", description = "Write under this directory on the controller (dumps go to DIR/.vigil-dumps).")
        Path to;

        @Option(names = "--in-place", description = "Write back onto the node over SSH, after a safety copy of what it overwrites.")
        boolean inPlace;

        @Option(names = "--paths", split = ",", paramLabel = "GLOB", description = "Only paths matching these globs.")
        List<String> paths = new ArrayList<>();

        @Option(names = "--dry-run", description = "List what would change; touch nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            Restorer.Result r = RestoreRun.run(context().session(),
                    new RestoreRun.Request(node, generation, to, inPlace, paths, dryRun, target, overrides()));
            return output.emit(context(), title(), snake(r), () -> Renderers.text(out -> {
                out.println((dryRun ? "would restore " : "restored ") + r.node() + " " + r.generation() + " (chain: " + String.join(" -> ", r.chain()) + ")");
                out.println("  " + r.files() + " entries, " + bytes(r.bytes()) + "; " + r.created().size() + " created, " + r.replaced().size()
                        + " replaced, " + r.deleted().size() + " deleted");
                if (dryRun) {
                    r.created().forEach(p -> out.println("  + " + p));
                    r.replaced().forEach(p -> out.println("  ~ " + p));
                    r.deleted().forEach(p -> out.println("  - " + p));
                }
                r.dumps().forEach(d -> out.println("  dump: " + d));
                if (r.safetyCopy() != null) {
                    out.println("  safety copy of what was overwritten or deleted: " + r.node() + ":" + r.safetyCopy());
                }
                r.notes().forEach(x -> out.println("  note: " + x));
                r.problems().forEach(p -> out.println("  problem: " + p));
            }));
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true, description = "Apply retention: keep the newest backup.keep generations per node, whole chains; the oldest chains go first.")
    static final class Prune extends TargetCommand implements Callable<Integer> {
        @Option(names = "--dry-run", description = "Show what would be deleted; delete nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            BackupConfig cfg = config();
            Target tgt = target(cfg, target);
            List<Generation> gone;
            try (Target.Session s = existing(tgt)) {
                Repository repo = new Repository(tgt, s);
                if (dryRun) {
                    gone = Backups.prune(repo, repo.catalog(), cfg.keep(), limitNodes(), true);
                } else {
                    repo.lock("backup prune", cfg.staleLock());
                    try {
                        gone = Backups.prune(repo, repo.cleanUp(new ArrayList<>()), cfg.keep(), limitNodes(), false);
                    } finally {
                        repo.unlock();
                    }
                }
            } catch (IOException e) {
                throw failed(e);
            }
            String line = (dryRun ? "would delete " : "deleted ") + Plural.of(gone.size(), "generation") + "; keeping the newest " + cfg.keep()
                    + " per node, whole chains";
            return output.emit(context(), title(), listing(line, Map.of("dry_run", dryRun, "keep", cfg.keep(), "deleted", gone), gone),
                    () -> Renderers.text(out -> {
                        gone.forEach(g -> out.println((dryRun ? "would delete " : "deleted ") + g.node() + " " + g.id() + " (" + g.type() + ")"));
                        out.println(line);
                    }));
        }
    }

    @Command(name = "relay", mixinStandardHelpOptions = true, description = "Copy new generations from the target to the relay target (a third-party FTP(S) server), verifying each.")
    static final class RelayCmd extends TargetCommand implements Callable<Integer> {
        @Option(names = "--to", paramLabel = "NAME|URL", description = "The relay target. Default: backup.relay_to.")
        String to;

        @Override
        public Integer call() {
            BackupConfig cfg = config();
            String dest = to != null ? to : cfg.relayTo();
            if (dest == null) {
                throw new UsageException("no relay target: give --to or set backup.relay_to");
            }
            Relay.Result r;
            try {
                r = Relay.run(target(cfg, target), target(cfg, dest), cfg.keep(), cfg.staleLock(), limitNodes());
            } catch (IOException e) {
                throw failed(e);
            }
            return output.emit(context(), title(), snake(r), () -> Renderers.text(out -> {
                r.copied().forEach(g -> out.println("copied " + g.node() + " " + g.id()));
                r.notes().forEach(n -> out.println("note: " + n));
                out.println("relay to " + dest + ": " + r.copied().size() + " copied, " + r.pruned().size() + " pruned");
            }));
        }
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true, description = "Remove a target's lock that a dead run left (check first that no run is active).")
    static final class Unlock extends TargetCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            BackupConfig cfg = config();
            Target tgt = target(cfg, target);
            try (Target.Session s = existing(tgt)) {
                Repository repo = new Repository(tgt, s);
                Repository.LockOwner owner = repo.readOwner();
                repo.unlock();
                String line = "unlocked " + tgt.display() + (owner == null ? "" : " (was held by " + owner.user() + "@" + owner.host()
                        + " pid " + owner.pid() + " since " + owner.started() + ")");
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("target", tgt.display());
                doc.put("was_held_by", owner);
                return output.emit(context(), title(), listing(line, doc, List.of(doc)), () -> line + "\n");
            } catch (IOException e) {
                throw failed(e);
            }
        }
    }
}
