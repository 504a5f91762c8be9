package dev.vigil.backup;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.backup.Model.Catalog;
import dev.vigil.backup.Model.Generation;
import dev.vigil.backup.target.Target;
import dev.vigil.backup.target.Targets;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.error.VigilException;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Counts;
import dev.vigil.core.result.ExitCode;
import dev.vigil.core.result.Finding;
import dev.vigil.core.result.RunResult;
import dev.vigil.core.result.Status;
import dev.vigil.core.result.Table;
import dev.vigil.core.session.Session;
import dev.vigil.core.text.Plural;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The use case behind {@code vigil backup verify} and the {@code backup-verify} action: every archive
 * re-read against its manifest, and every chain judged whole. No generation at all is CRIT: there is
 * nothing to restore.
 */
public final class BackupVerify {
    private BackupVerify() {
    }

    /** generation: only this one (an id or unique prefix), null for all; target: a name or URL, null for the default. */
    public record Request(String generation, String target, Targets.Overrides overrides) {
    }

    /** One generation's verdict: ok, corrupt (its own archives) or broken-chain (a link it needs). */
    public record Row(String node, String generation, String status, List<String> problems) {
    }

    public record Result(String target, List<Row> rows) implements RunResult {
        @Override
        public Status status() {
            return bad() == 0 ? Status.OK : Status.CRIT;
        }

        public long bad() {
            return rows.stream().filter(r -> !r.status().equals("ok")).count();
        }

        @Override
        public String summary() {
            return Counts.line(rows.size() == 1 ? "generation" : "generations", rows.stream().map(Row::status).toList());
        }

        @Override
        public List<Finding> findings(String item) {
            return rows.stream().map(r -> new Finding(r.node(), item + " " + r.generation(), r.status().equals("ok") ? Status.OK : Status.CRIT,
                    r.problems().isEmpty() ? r.status() : r.status() + ": " + r.problems().get(0), List.of(), r.problems(), 0)).toList();
        }

        @JsonValue
        public JsonNode document() {
            return Model.JSON.valueToTree(rows);
        }

        @Override
        public String text(String title) {
            Table table = new Table("NODE", "GENERATION", "STATUS", "PROBLEM");
            for (Row row : rows) {
                List<String> p = row.problems();
                table.row(row.node(), row.generation(), row.status(), p.isEmpty() ? "" : p.get(0) + (p.size() > 1 ? " (+" + (p.size() - 1) + " more)" : ""));
            }
            return table.render() + Plural.of(rows.size(), "generation") + " verified, " + bad() + " with problems\n";
        }
    }

    /** The node names the session's limit selects, or null when there is no limit (every node in the catalog). */
    public static Set<String> limitNodes(Session session) {
        return !session.narrowed() ? null : Set.copyOf(session.selectedNodes().stream().map(Node::name).toList());
    }

    public static Result run(Session session, Request r) {
        BackupConfig cfg = BackupConfig.load(session.configPath());
        Target tgt = BackupRun.target(session, cfg, r.target(), r.overrides());
        Set<String> only = limitNodes(session);
        List<Row> rows = new ArrayList<>();
        try (Target.Session s = tgt.open(false)) {
            Repository repo = new Repository(tgt, s);
            Catalog c = repo.catalog();
            List<Generation> gens = c.generations().stream()
                    .filter(g -> only == null || only.contains(g.node()))
                    .filter(g -> r.generation() == null || g.id().startsWith(r.generation())).toList();
            if (r.generation() != null && gens.isEmpty()) {
                throw new UsageException("no generation " + r.generation() + " on " + tgt.display());
            }
            if (gens.isEmpty()) {
                // nothing verified is not "all good": there is nothing to restore
                throw new VigilException(ExitCode.CRITICAL, "backup: no generation" + (only == null ? "" : " of " + String.join(", ", new TreeSet<>(only)))
                        + " on " + tgt.display() + ": nothing to verify, nothing to restore");
            }
            for (Map.Entry<Generation, Verifier.Verdict> e : Verifier.verifyAll(repo, c, gens).entrySet()) {
                Generation g = e.getKey();
                Verifier.Verdict v = e.getValue();
                rows.add(new Row(g.node(), g.id(), v.ok() ? "ok" : v.own().isEmpty() ? "broken-chain" : "corrupt", v.problems()));
            }
        } catch (IOException e) {
            throw BackupRun.failed(e);
        }
        return new Result(tgt.display(), rows);
    }
}
