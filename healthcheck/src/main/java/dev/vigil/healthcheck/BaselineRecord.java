package dev.vigil.healthcheck;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.fleet.FleetResult;
import dev.vigil.core.fleet.FleetRunner;
import dev.vigil.core.fleet.NodeResult;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Outcome;
import dev.vigil.core.result.Table;
import dev.vigil.core.session.Session;
import dev.vigil.core.transport.Connections;
import dev.vigil.healthcheck.checks.ConfigIntegrityCheck;
import dev.vigil.healthcheck.history.Baseline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The use case behind {@code vigil healthcheck baseline} and the {@code healthcheck-baseline} action:
 * the integrity baseline of the key config files of every selected node, kept unless {@code update}.
 */
public final class BaselineRecord {
    private BaselineRecord() {
    }

    public record Request(boolean update) {
    }

    /** One node's row: name, files (null when it could not be read), what happened to its baseline. */
    public record Row(String name, Integer files, String action) {
    }

    public record Result(List<NodeResult<Map<String, Baseline.FileState>>> nodes, List<Row> rows, Path file) implements FleetResult<Map<String, Baseline.FileState>> {
        @Override
        public String text(String title) {
            Table t = new Table("NODE", "FILES", "BASELINE");
            rows.forEach(r -> t.row(r.name(), r.files(), r.action()));
            return t.render() + "baseline: " + file + "\n";
        }

        @JsonValue
        public List<Map<String, Object>> document() {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Row r : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", r.name());
                m.put("files", r.files());
                m.put("action", r.action());
                out.add(m);
            }
            return out;
        }
    }

    public static Result run(Session session, Request request) throws IOException {
        HealthcheckConfig cfg = HealthcheckConfig.forSession(session);
        List<Node> nodes = session.selectedNodes();
        Path state = session.stateDir().root();
        Baseline baseline = Baseline.load(state);
        RunEnvironment env = new RunEnvironment(Instant.now(), null, baseline, Instant.now(), List.of(), null);
        List<NodeResult<Map<String, Baseline.FileState>>> results;
        try (Connections connections = session.connections(nodes, false)) {
            FleetRunner fleet = session.fleet(connections, HealthcheckRun.nodeWork(cfg, 1), session.progress("baseline"));
            results = fleet.run(nodes, (node, t) -> {
                List<String> unreadable = new ArrayList<>();
                Map<String, Baseline.FileState> files = ConfigIntegrityCheck.snapshot(CheckContextFactory.create(node, t, cfg, env), unreadable);
                if (!unreadable.isEmpty()) {
                    throw new UsageException("cannot read " + String.join(", ", unreadable));
                }
                return files;
            }, v -> Outcome.OK);
        }
        List<Row> rows = new ArrayList<>();
        for (NodeResult<Map<String, Baseline.FileState>> r : results) {
            String action;
            if (r.value() == null) {
                action = r.outcome().label() + ": " + r.message();
            } else if (baseline.has(r.node().name()) && !request.update()) {
                action = "kept (use --update to replace)";
            } else {
                action = baseline.has(r.node().name()) ? "updated" : "recorded";
                baseline.record(r.node().name(), r.value());
            }
            rows.add(new Row(r.node().name(), r.value() == null ? null : r.value().size(), action));
        }
        baseline.save();
        return new Result(results, rows, baseline.file());
    }
}
