package dev.vigil.backup;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.vigil.backup.Model.Generation;
import dev.vigil.backup.target.Target;
import dev.vigil.backup.target.Targets;
import dev.vigil.core.config.Durations;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Finding;
import dev.vigil.core.result.Metric;
import dev.vigil.core.result.RunResult;
import dev.vigil.core.result.Status;
import dev.vigil.core.result.Table;
import dev.vigil.core.session.Session;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The use case behind {@code vigil backup check}: the backup server watched "by checking backup results".
 * Every selected node's newest generation on the target (read from its catalog, where only complete
 * generations are) must be younger than {@code backup.max_age} (26h: the daily incremental and two hours'
 * grace); a node with none, or an older one, is CRIT. A target that cannot be read is one CRIT finding.
 */
public final class BackupFreshness {
    private BackupFreshness() {
    }

    /** now: the time to judge against (null: now); alarms: raise one for each stale node, clear those that are fresh again. */
    public record Request(String target, Targets.Overrides overrides, Instant now, boolean alarms) {
    }

    /** One node: its newest generation (null: none) and how old it is. */
    public record Row(String node, String generation, String type, String time, Long ageSeconds, boolean stale) {
    }

    public record Result(String target, Duration maxAge, List<Row> rows, String error) implements RunResult, RunResult.StoredRecordJson {
        @Override
        public Status status() {
            return error != null || rows.stream().anyMatch(Row::stale) ? Status.CRIT : Status.OK;
        }

        @Override
        public String summary() {
            if (error != null) {
                return "cannot read " + target + ": " + error;
            }
            long stale = rows.stream().filter(Row::stale).count();
            return rows.size() + (rows.size() == 1 ? " node, " : " nodes, ") + stale + " without a complete backup within " + Durations.format(maxAge);
        }

        @Override
        public List<Finding> findings(String item) {
            // the target itself is one finding too: read or not, so an alarm for a target that could not be read clears once it can
            Finding targetRead = new Finding("vigil", item, error != null ? Status.CRIT : Status.OK, error != null ? summary() : "read " + target,
                    List.of(), List.of(), 0);
            if (error != null) {
                return List.of(targetRead);
            }
            return java.util.stream.Stream.concat(java.util.stream.Stream.of(targetRead), rows.stream().map(r -> new Finding(r.node(), item, r.stale() ? Status.CRIT : Status.OK, r.generation() == null
                    ? "no complete backup on " + target : "newest " + r.type() + " " + r.generation() + ", " + Durations.format(Duration.ofSeconds(r.ageSeconds()))
                    + " old" + (r.stale() ? " (over " + Durations.format(maxAge) + ")" : ""),
                    r.ageSeconds() == null ? List.of() : List.of(Metric.of("age", r.ageSeconds(), "s")),
                    List.of(), 0))).toList();
        }

        @Override
        public String text(String title) {
            Table t = new Table("NODE", "NEWEST", "TYPE", "TIME", "AGE", "STATUS");
            rows.forEach(r -> t.row(r.node(), r.generation() == null ? "-" : r.generation(), r.type() == null ? "-" : r.type(),
                    r.time() == null ? "-" : r.time(), r.ageSeconds() == null ? "-" : Durations.format(Duration.ofSeconds(r.ageSeconds())),
                    r.stale() ? "STALE" : "ok"));
            return (error != null ? "" : t.render()) + summary() + "\n";
        }

        @JsonValue
        public Map<String, Object> document() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("target", target);
            d.put("max_age", maxAge.toSeconds() % 3600 == 0 ? maxAge.toHours() + "h" : Durations.format(maxAge));
            d.put("error", error);
            d.put("nodes", rows);
            return d;
        }
    }

    public static Result run(Session session, Request r) {
        Result result = check(session, r);
        if (r.alarms()) {
            dev.vigil.core.alarm.Alarms.feed(session, "backup", result, "backup-age");
        }
        return result;
    }

    private static Result check(Session session, Request r) {
        BackupConfig cfg = BackupConfig.load(session.configPath());
        Target tgt = BackupRun.target(session, cfg, r.target(), r.overrides());
        Duration maxAge = Durations.parse(cfg.maxAge());
        Instant now = r.now() != null ? r.now() : Instant.now();
        Model.Catalog catalog;
        try (Target.Session s = tgt.open(false)) {
            catalog = new Repository(tgt, s).catalog();
        } catch (IOException e) {
            return new Result(tgt.display(), maxAge, List.of(), e.getMessage());
        }
        List<Row> rows = new ArrayList<>();
        for (Node n : session.selectedNodes()) {
            List<Generation> gens = Backups.ofNode(catalog, n.name());
            if (gens.isEmpty()) {
                rows.add(new Row(n.name(), null, null, null, null, true));
                continue;
            }
            Generation g = gens.get(0);
            Duration age = Duration.between(Instant.parse(g.time()), now);
            rows.add(new Row(n.name(), g.id(), g.type(), g.time(), age.toSeconds(), age.compareTo(maxAge) > 0));
        }
        return new Result(tgt.display(), maxAge, rows, null);
    }
}
