package dev.vigil.backup;

import dev.vigil.backup.Model.Generation;
import dev.vigil.backup.target.Target;
import dev.vigil.backup.target.Targets;
import dev.vigil.core.result.Listing;
import dev.vigil.core.result.Table;
import dev.vigil.core.session.Session;
import dev.vigil.core.text.Plural;
import dev.vigil.core.text.Sizes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The use case behind {@code vigil backup list}: the generations on a target, per node (the session's limit), newest first. */
public final class BackupList {
    private BackupList() {
    }

    /** target: a name or URL, null for the default. */
    public record Request(String target, Targets.Overrides overrides) {
    }

    public static Listing run(Session session, Request r) {
        BackupConfig cfg = BackupConfig.load(session.configPath());
        Target tgt = BackupRun.target(session, cfg, r.target(), r.overrides());
        Set<String> only = BackupVerify.limitNodes(session);
        List<Generation> gens;
        try (Target.Session s = tgt.open(false)) {
            gens = new ArrayList<>(new Repository(tgt, s).catalog().generations());
        } catch (IOException e) {
            throw BackupRun.failed(e);
        }
        gens.removeIf(g -> only != null && !only.contains(g.node()));
        gens.sort(Comparator.comparing(Generation::node).thenComparing(Backups.NEWEST_FIRST));
        String line = Plural.of(gens.size(), "generation") + " on " + tgt.display();
        Table table = new Table("NODE", "GENERATION", "TYPE", "TIME", "SIZE", "FILES", "CHAIN", "REASON");
        for (Generation g : gens) {
            table.row(g.node(), g.id(), g.type(), g.time(), Sizes.iec(g.size()), g.files(), g.chain().equals(g.id()) ? "(root)" : g.chain(),
                    g.reason() == null ? "" : g.reason());
        }
        return Listing.ofRecords(Model.JSON, line, Map.of("target", tgt.display(), "generations", gens), gens, table.render() + line + "\n");
    }
}
