package dev.vigil.core.exec;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.vigil.core.fleet.FleetResult;
import dev.vigil.core.fleet.FleetRunner;
import dev.vigil.core.fleet.NodeResult;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Outcome;
import dev.vigil.core.result.Table;
import dev.vigil.core.session.Session;
import dev.vigil.core.transport.Connections;
import dev.vigil.core.transport.ExecResult;
import dev.vigil.core.transport.Transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The use case behind {@code vigil inventory check|trust} and the {@code inventory-check} action: connect, run {@code true}, time it. */
public final class Connectivity {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    private Connectivity() {
    }

    /** trustNewKeys: record host keys not yet known (trust on first use); a changed key is always refused. */
    public record Request(boolean trustNewKeys) {
    }

    /** What one probe found. */
    public record Probe(Transport.ConnectionInfo connection, Duration roundTrip, ExecResult result) {
    }

    public record Result(List<NodeResult<Probe>> nodes, long elapsedMillis) implements FleetResult<Probe> {
        @Override
        public String text(String title) {
            Table table = new Table("NODE", "ADDRESS", "OUTCOME", "CONNECT", "RTT", "HOST KEY", "MESSAGE");
            for (NodeResult<Probe> r : nodes) {
                Probe p = r.value();
                String key = p == null || p.connection().hostKey() == null ? (r.node().isLocal() ? "(local)" : "-")
                        : p.connection().hostKey() + (p.connection().hostKeyNewlyTrusted() ? " (new, recorded)" : "");
                table.row(r.node().name(), r.node().address(), r.outcome().label(),
                        p == null ? "-" : p.connection().connectTime().toMillis() + "ms",
                        p == null ? "-" : String.format("%.1fms", p.roundTrip().toNanos() / 1e6), key,
                        r.message() == null ? "" : r.message());
            }
            return table.render() + FleetResult.timedSummary(nodes, elapsedMillis) + "\n";
        }

        @JsonValue
        public List<Map<String, Object>> document() {
            List<Map<String, Object>> list = new ArrayList<>();
            for (NodeResult<Probe> r : nodes) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", r.node().name());
                m.put("address", r.node().address());
                m.put("outcome", r.outcome().label());
                Probe p = r.value();
                m.put("connect_ms", p == null ? null : p.connection().connectTime().toMillis());
                m.put("rtt_ms", p == null ? null : p.roundTrip().toNanos() / 1e6);
                m.put("host_key", p == null ? null : p.connection().hostKey());
                m.put("host_key_new", p != null && p.connection().hostKeyNewlyTrusted());
                m.put("duration_ms", r.duration().toMillis());
                m.put("message", r.message());
                list.add(m);
            }
            return list;
        }
    }

    public static Result run(Session session, Request request) {
        List<Node> nodes = session.selectedNodes();
        session.stateDir();
        long start = System.nanoTime();
        List<NodeResult<Probe>> results;
        try (Connections connections = session.connections(nodes, request.trustNewKeys())) {
            FleetRunner runner = session.fleet(connections, session.commandTimeoutOr(PROBE_TIMEOUT), session.progress(request.trustNewKeys() ? "trust" : "check"));
            results = runner.run(nodes, (node, t) -> {
                long s = System.nanoTime();
                ExecResult r = t.exec("true", PROBE_TIMEOUT);
                return new Probe(t.connectionInfo(), Duration.ofNanos(System.nanoTime() - s), r);
            }, new FleetRunner.Judge<>() {
                @Override
                public Outcome outcome(Probe p) {
                    return p.result().outcome();
                }

                @Override
                public String message(Probe p) {
                    return "'true' exited " + p.result().exitCode() + ": " + p.result().stderr().strip();
                }
            });
        }
        return new Result(results, (System.nanoTime() - start) / 1_000_000);
    }
}
