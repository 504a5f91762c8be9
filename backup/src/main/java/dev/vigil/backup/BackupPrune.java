package dev.vigil.backup;

import dev.vigil.backup.Model.Generation;
import dev.vigil.backup.target.Target;
import dev.vigil.backup.target.Targets;
import dev.vigil.core.result.Listing;
import dev.vigil.core.session.Session;
import dev.vigil.core.text.Plural;
import dev.vigil.core.text.TextBlock;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The use case behind {@code vigil backup prune}: retention applied on its own, under the target's lock:
 * the newest {@code backup.keep} generations per node (the session's limit), whole chains.
 */
public final class BackupPrune {
    private BackupPrune() {
    }

    /** dryRun: say what would go, delete nothing (and take no lock). */
    public record Request(boolean dryRun, String target, Targets.Overrides overrides) {
    }

    public static Listing run(Session session, Request r) {
        BackupConfig cfg = BackupConfig.load(session.configPath());
        Target tgt = BackupRun.target(session, cfg, r.target(), r.overrides());
        List<Generation> gone;
        try (Target.Session s = tgt.open(false)) {
            Repository repo = new Repository(tgt, s);
            if (r.dryRun()) {
                gone = Backups.prune(repo, repo.catalog(), cfg.keep(), BackupVerify.limitNodes(session), true);
            } else {
                repo.lock("backup prune", cfg.staleLock());
                try {
                    gone = Backups.prune(repo, repo.cleanUp(new ArrayList<>()), cfg.keep(), BackupVerify.limitNodes(session), false);
                } finally {
                    repo.unlock();
                }
            }
        } catch (IOException e) {
            throw BackupRun.failed(e);
        }
        String verb = r.dryRun() ? "would delete " : "deleted ";
        String line = verb + Plural.of(gone.size(), "generation") + "; keeping the newest " + cfg.keep() + " per node, whole chains";
        String text = TextBlock.of(out -> {
            gone.forEach(g -> out.println(verb + g.node() + " " + g.id() + " (" + g.type() + ")"));
            out.println(line);
        });
        return Listing.ofRecords(Model.JSON, line, Map.of("dry_run", r.dryRun(), "keep", cfg.keep(), "deleted", gone), gone, text);
    }
}
