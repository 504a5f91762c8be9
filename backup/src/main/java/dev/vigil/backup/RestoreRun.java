package dev.vigil.backup;

import dev.vigil.backup.Model.Catalog;
import dev.vigil.backup.Model.Generation;
import dev.vigil.backup.target.Target;
import dev.vigil.backup.target.Targets;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.error.VigilException;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.ExitCode;
import dev.vigil.core.session.Session;
import dev.vigil.core.transport.Connections;
import dev.vigil.core.transport.Transport;
import dev.vigil.core.transport.TransportException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The use case behind {@code vigil backup restore}: a node's point in time rebuilt from its chain,
 * into a directory on the controller ({@code to}) or back onto the node over SSH ({@code inPlace},
 * after a safety copy of what it overwrites). A node that cannot be reached is refused before
 * anything is touched.
 */
public final class RestoreRun {
    private RestoreRun() {
    }

    /**
     * node: whose backup; generation: an id, a unique prefix or latest; to: a directory (or null with inPlace);
     * paths: only those matching these globs (empty: all); target: a name or URL, null for the default.
     */
    public record Request(String node, String generation, Path to, boolean inPlace, List<String> paths, boolean dryRun, String target,
                          Targets.Overrides overrides) {
        public Request {
            if ((to == null) == !inPlace) {
                throw new UsageException("give exactly one of --to DIR or --in-place");
            }
            generation = generation == null ? "latest" : generation;
            paths = paths == null ? List.of() : List.copyOf(paths);
        }
    }

    public static Restorer.Result run(Session session, Request r) {
        BackupConfig cfg = BackupConfig.load(session.configPath());
        Target tgt = BackupRun.target(session, cfg, r.target(), r.overrides());
        Node n = null;
        if (r.inPlace()) {
            n = session.inventory().nodes().stream().filter(x -> x.name().equals(r.node())).findFirst()
                    .orElseThrow(() -> new UsageException("unknown node '" + r.node() + "' for --in-place"));
            if (n.vars().get(dev.vigil.backup.target.Targets.SOURCE_VAR) != null) {
                throw new UsageException(r.node() + " is backed up from a share (" + dev.vigil.backup.target.Targets.SOURCE_VAR
                        + "), not over SSH: restore it with --to DIR and copy it back to the share");
            }
        }
        try (Target.Session s = tgt.open(false)) {
            Repository repo = new Repository(tgt, s);
            Catalog c = repo.catalog();
            Generation g;
            try {
                g = Restorer.resolve(c, r.node(), r.generation());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            if (!r.inPlace()) {
                return Restorer.toDirectory(repo, c, g, r.to(), r.paths(), r.dryRun());
            }
            try (Connections connections = session.connections(List.of(n), false)) {
                Transport t;
                try {
                    t = connections.open(n);
                } catch (TransportException e) {
                    throw new VigilException(ExitCode.CRITICAL, "backup: cannot reach " + r.node() + " to restore onto it ("
                            + e.getMessage() + "); nothing was touched");
                }
                return Restorer.inPlace(repo, c, g, t, r.paths(), r.dryRun(), Duration.ofHours(4));
            } catch (TransportException e) {
                throw new VigilException(ExitCode.CRITICAL, "backup: restore onto " + r.node() + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VigilException(ExitCode.CRITICAL, "backup: interrupted");
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // nothing was ever backed up there: the node or target the operator named has no generation
            throw new UsageException("no generation of " + r.node() + ": " + e.getMessage());
        } catch (IOException e) {
            throw BackupRun.failed(e);
        }
    }
}
