package dev.vigil.kbox;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.vigil.core.fleet.FleetResult;
import dev.vigil.core.fleet.FleetRunner;
import dev.vigil.core.fleet.NodeResult;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Outcome;
import dev.vigil.core.result.Table;
import dev.vigil.core.session.Session;
import dev.vigil.core.state.PrivateFiles;
import dev.vigil.core.text.Printable;
import dev.vigil.core.text.TextBlock;
import dev.vigil.core.transport.Connections;
import dev.vigil.core.transport.Interruption;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The use case behind {@code vigil kbox collect}, the {@code kbox-collect} action and the daily job:
 * the crash records of every selected node, each fetched once (by sha256) into the record store.
 */
public final class KboxCollection {
    private KboxCollection() {
    }

    /** since: only records changed since then (null: all); out: the store (null: the state dir's kbox). */
    public record Request(Instant since, Path out, boolean includeVmcore, boolean clearPstore) {
    }

    public record Result(List<NodeResult<KboxCollector.NodeReport>> nodes, Path dir) implements FleetResult<KboxCollector.NodeReport> {
        @Override
        public String text(String title) {
            return TextBlock.of(out -> {
                Table t = new Table("NODE", "OUTCOME", "NEW", "KNOWN", "CLEARED", "MESSAGE");
                for (NodeResult<KboxCollector.NodeReport> r : nodes) {
                    KboxCollector.NodeReport v = r.value();
                    t.row(r.node().name(), r.outcome().label(), v == null ? "-" : v.fresh().size(), v == null ? "-" : v.known(),
                            v == null ? "-" : v.cleared(), r.message() == null ? "" : r.message());
                }
                out.print(t.render());
                for (NodeResult<KboxCollector.NodeReport> r : nodes) {
                    if (r.value() == null) {
                        continue;
                    }
                    for (KboxCollector.Collected c : r.value().fresh()) {
                        out.println("new: " + r.node().name() + " " + c.kind() + " " + Printable.line(c.source())
                                + (c.summary() == null ? "" : "\n     " + Printable.line(c.summary().oneLine())));
                    }
                }
                out.println(fresh() + " new records; index: " + dir.resolve("INDEX.txt"));
            });
        }

        public long fresh() {
            return nodes.stream().filter(r -> r.value() != null).mapToLong(r -> r.value().fresh().size()).sum();
        }

        @Override
        public String summary() {
            return FleetResult.super.summary() + "; " + fresh()
                    + (fresh() == 1 ? " new record" : " new records");
        }

        /** Per node: name, outcome, new (records), already_collected, cleared_from_pstore, message. */
        @JsonValue
        public List<Map<String, Object>> document() {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (NodeResult<KboxCollector.NodeReport> r : nodes) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", r.node().name());
                m.put("outcome", r.outcome().label());
                m.put("new", r.value() == null ? List.of() : r.value().fresh());
                m.put("already_collected", r.value() == null ? null : r.value().known());
                m.put("cleared_from_pstore", r.value() == null ? null : r.value().cleared());
                m.put("message", r.message());
                rows.add(m);
            }
            return rows;
        }
    }

    public static Result run(Session session, Request request) throws IOException {
        KboxConfig cfg = KboxConfig.load(session.configPath());
        List<Node> nodes = session.selectedNodes();
        Path dir = request.out() != null ? request.out() : session.stateDir().kbox();
        session.stateDir();
        PrivateFiles.dirs(dir);
        RecordIndex index = RecordIndex.load(dir);
        KboxCollector collector = new KboxCollector(cfg, index, dir,
                new KboxCollector.Options(request.since(), request.includeVmcore(), request.clearPstore(), session.commandTimeout()));
        List<NodeResult<KboxCollector.NodeReport>> results;
        try (Connections connections = session.connections(nodes, false);
             Interruption ignored = Interruption.closes(connections)) {
            FleetRunner fleet = session.fleet(connections, session.commandTimeout().multipliedBy(3), session.progress("kbox"));
            results = fleet.run(nodes, collector::collect, new FleetRunner.Judge<>() {
                @Override
                public Outcome outcome(KboxCollector.NodeReport r) {
                    return r.errors().isEmpty() ? Outcome.OK : Outcome.FAILED;
                }

                @Override
                public String message(KboxCollector.NodeReport r) {
                    return String.join("; ", r.errors());
                }
            });
        }
        index.save();
        return new Result(results, dir);
    }
}
