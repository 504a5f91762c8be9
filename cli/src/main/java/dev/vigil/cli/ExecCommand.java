package dev.vigil.cli;

import dev.vigil.core.fleet.FleetRunner;
import dev.vigil.core.fleet.NodeResult;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Outcome;
import dev.vigil.core.transport.Connections;
import dev.vigil.core.transport.ExecResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code vigil exec -- COMMAND}: an ad-hoc command on the selected nodes. */
@Command(name = "exec", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a shell command on the selected nodes in parallel.",
                "The words after -- are joined with spaces and run by /bin/sh on each node, as ssh does.",
                "Each node ends ok, failed (non-zero exit), unreachable, auth-failed, host-key-rejected or timed-out."},
        footer = {"", "Examples:", "  vigil exec -- uptime", "  vigil exec -i hosts.ini -l 'compute,!cna-07' -- 'df -h /var | tail -1'",
                "  vigil exec --format json -t 30s -- systemctl is-active libvirtd"})
final class ExecCommand extends ContextCommand implements Callable<Integer> {

    @Option(names = "--format", paramLabel = "FORMAT", description = "table (grouped output per node) or json. Default: table.")
    OutputFormat format = OutputFormat.TABLE;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command to run.")
    List<String> command;

    @Override
    public Integer call() {
        CommandContext ctx = context();
        List<Node> nodes = ctx.selectedNodes();
        String cmd = String.join(" ", command);
        Duration timeout = ctx.commandTimeout();
        ctx.stateDir();
        long start = System.nanoTime();
        List<NodeResult<ExecResult>> results;
        try (Connections connections = ctx.connections(nodes, false);
             Interruption ignored = Interruption.closes(connections)) {
            FleetRunner runner = ctx.fleet(connections, timeout, ctx.progress("exec"));
            results = runner.run(nodes, (node, t) -> t.exec(cmd, timeout), new FleetRunner.Judge<>() {
                @Override
                public Outcome outcome(ExecResult r) {
                    return r.outcome();
                }

                @Override
                public String message(ExecResult r) {
                    return r.timedOut() ? "did not finish within " + dev.vigil.core.config.Durations.format(timeout)
                            + "; ended on the node" : "exit code " + r.exitCode();
                }
            });
        }
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        PrintWriter out = ctx.out();
        if (format == OutputFormat.JSON) {
            List<Map<String, Object>> records = new ArrayList<>();
            for (NodeResult<ExecResult> r : results) {
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
            out.println(Renderers.json(records));
        } else {
            for (NodeResult<ExecResult> r : results) {
                ExecResult e = r.value();
                StringBuilder head = new StringBuilder(r.node().name()).append(" | ").append(r.outcome().label());
                if (e != null && !e.timedOut()) {
                    head.append(" | rc=").append(e.exitCode());
                }
                head.append(" | ").append(Renderers.seconds(r.duration()));
                out.println(head);
                if (e != null) {
                    printIndented(out, e.stdout(), "  ");
                    printIndented(out, e.stderr(), "  stderr: ");
                    if (e.stdoutTruncated() || e.stderrTruncated()) {
                        out.println("  (output truncated)");
                    }
                }
                if (r.outcome() != Outcome.OK && r.message() != null && (e == null || e.timedOut())) {
                    out.println("  " + r.message());
                }
            }
            out.println(Renderers.summary(results, elapsed));
        }
        out.flush();
        return Renderers.exitCode(results);
    }

    private static void printIndented(PrintWriter out, String text, String prefix) {
        if (text == null || text.isEmpty()) {
            return;
        }
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        for (String line : body.split("\n", -1)) {
            out.println(prefix + dev.vigil.core.text.Printable.line(line)); // a node's bytes never drive the terminal
        }
    }
}
