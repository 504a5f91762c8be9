package dev.vigil.core.exec;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.vigil.core.config.Durations;
import dev.vigil.core.fleet.FleetResult;
import dev.vigil.core.fleet.FleetRunner;
import dev.vigil.core.fleet.NodeResult;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Outcome;
import dev.vigil.core.session.Session;
import dev.vigil.core.text.TextBlock;
import dev.vigil.core.transport.Connections;
import dev.vigil.core.transport.ExecResult;
import dev.vigil.core.transport.Interruption;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The use case behind {@code vigil exec} and the {@code exec} action: one shell command on every selected node. */
public final class Exec {
    private Exec() {
    }

    /** command: run by /bin/sh on each node; timeout: its deadline there (null: the session's command timeout). */
    public record Request(String command, Duration timeout) {
    }

    public record Result(List<NodeResult<ExecResult>> nodes, long elapsedMillis) implements FleetResult<ExecResult> {
        @Override
        public String text(String title) {
            return TextBlock.of(out -> {
                for (NodeResult<ExecResult> r : nodes) {
                    ExecResult e = r.value();
                    StringBuilder head = new StringBuilder(r.node().name()).append(" | ").append(r.outcome().label());
                    if (e != null && !e.timedOut()) {
                        head.append(" | rc=").append(e.exitCode());
                    }
                    head.append(" | ").append(String.format("%.2fs", r.duration().toMillis() / 1000.0));
                    out.println(head);
                    if (e != null) {
                        printIndented(out, e.stdout(), "  ");
                        printIndented(out, e.stderr(), "  stderr: ");
                        if (e.stdoutTruncated() || e.stderrTruncated()) {
                            out.println("  (output truncated)");
                        }
                    }
                    if (r.outcome() != dev.vigil.core.result.Outcome.OK && r.message() != null && (e == null || e.timedOut())) {
                        out.println("  " + r.message());
                    }
                }
                out.println(FleetResult.timedSummary(nodes, elapsedMillis));
            });
        }

        private static void printIndented(java.io.PrintWriter out, String text, String prefix) {
            if (text == null || text.isEmpty()) {
                return;
            }
            String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
            for (String line : body.split("\n", -1)) {
                out.println(prefix + dev.vigil.core.text.Printable.line(line)); // a node's bytes never drive the terminal
            }
        }

        /** One record per node: name, outcome, exit_code, stdout, stderr, duration_ms, message, truncated. */
        @JsonValue
        public List<Map<String, Object>> document() {
            List<Map<String, Object>> records = new ArrayList<>();
            for (NodeResult<ExecResult> r : nodes) {
                Map<String, Object> m = new LinkedHashMap<>();
                ExecResult e = r.value();
                m.put("name", r.node().name());
                m.put("outcome", r.outcome().label());
                m.put("exit_code", e == null || e.timedOut() ? null : e.exitCode());
                m.put("stdout", e == null ? "" : e.stdout());
                m.put("stderr", e == null ? "" : e.stderr());
                m.put("duration_ms", r.duration().toMillis());
                if (r.message() != null) {
                    m.put("message", r.message());
                }
                if (e != null && (e.stdoutTruncated() || e.stderrTruncated())) {
                    m.put("truncated", true);
                }
                records.add(m);
            }
            return records;
        }
    }

    public static Result run(Session session, Request request) {
        List<Node> nodes = session.selectedNodes();
        Duration timeout = request.timeout() != null ? request.timeout() : session.commandTimeout();
        session.stateDir();
        long start = System.nanoTime();
        List<NodeResult<ExecResult>> results;
        try (Connections connections = session.connections(nodes, false);
             Interruption ignored = Interruption.closes(connections)) {
            FleetRunner runner = session.fleet(connections, timeout, session.progress("exec"));
            results = runner.run(nodes, (node, t) -> t.exec(request.command(), timeout), new FleetRunner.Judge<>() {
                @Override
                public Outcome outcome(ExecResult r) {
                    return r.outcome();
                }

                @Override
                public String message(ExecResult r) {
                    return r.timedOut() ? "did not finish within " + Durations.format(timeout) + "; ended on the node" : "exit code " + r.exitCode();
                }
            });
        }
        return new Result(results, (System.nanoTime() - start) / 1_000_000);
    }
}
