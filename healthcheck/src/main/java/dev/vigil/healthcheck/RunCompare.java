package dev.vigil.healthcheck;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.vigil.core.result.RunResult;
import dev.vigil.core.result.Status;
import dev.vigil.core.result.Table;
import dev.vigil.core.session.Session;
import dev.vigil.healthcheck.history.Comparison;
import dev.vigil.healthcheck.history.RunHistory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The use case behind {@code vigil healthcheck compare} and the {@code healthcheck-compare} action:
 * what changed between two runs. WARN when something became WARN, CRIT when something became CRIT or UNKNOWN.
 */
public final class RunCompare {
    private RunCompare() {
    }

    /** from, to: latest, previous, a run id (or its unique start) or a report file. */
    public record Request(String from, String to) {
    }

    public record Result(String from, String to, List<Comparison.Change> changes) implements RunResult {
        @Override
        public String text(String title) {
            Table t = new Table("CHANGE", "NODE", "CHECK", "FROM", "TO", "NOW");
            for (Comparison.Change c : changes) {
                t.row(c.kind(), c.node(), c.check(), c.from() == null ? "-" : c.from(), c.to() == null ? "-" : c.to(),
                        c.after() == null ? c.before() : c.after());
            }
            long worse = changes.stream().filter(c -> c.kind() == Comparison.Kind.WORSE).count();
            long better = changes.stream().filter(c -> c.kind() == Comparison.Kind.BETTER).count();
            return (changes.isEmpty() ? "" : t.render()) + from + " -> " + to + ": " + worse + " worse, " + better + " better, "
                    + (changes.size() - worse - better) + " other changes\n";
        }

        @Override
        public Status status() {
            Status worst = Status.OK;
            for (Comparison.Change c : changes) {
                if ((c.kind() == Comparison.Kind.WORSE || c.kind() == Comparison.Kind.NEW) && c.to().severity() > worst.severity()) {
                    worst = c.to();
                }
            }
            return worst == Status.UNKNOWN ? Status.CRIT : worst;
        }

        /** e.g. "3 changes, 1 new, 2 worse since 20261201T..." */
        @Override
        public String summary() {
            Map<String, Integer> kinds = new TreeMap<>();
            changes.forEach(c -> kinds.merge(c.kind().name().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum));
            StringBuilder b = new StringBuilder(changes.size() + (changes.size() == 1 ? " change" : " changes"));
            kinds.forEach((k, v) -> b.append(", ").append(v).append(' ').append(k));
            return b + " since " + from;
        }

        @JsonValue
        public Map<String, Object> document() {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("from", from);
            doc.put("to", to);
            doc.put("changes", changes);
            return doc;
        }
    }

    public static Result run(Session session, Request request) {
        RunHistory history = new RunHistory(session.stateDirPath());
        var a = history.resolve(request.from()).report();
        var b = history.resolve(request.to()).report();
        return new Result(a.id(), b.id(), Comparison.between(a, b));
    }
}
