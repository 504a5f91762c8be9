package dev.vigil.cli;

import dev.vigil.core.fleet.NodeResult;
import dev.vigil.core.exec.Exec;
import dev.vigil.core.result.Outcome;
import dev.vigil.core.transport.ExecResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vigil exec -- COMMAND}: an ad-hoc command on the selected nodes. */
@Command(name = "exec", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a shell command on the selected nodes in parallel.",
                "The words after -- are joined with spaces and run by /bin/sh on each node, as ssh does.",
                "Each node ends ok, failed (non-zero exit), unreachable, auth-failed, host-key-rejected or timed-out."})
final class ExecCommand extends ReportingCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command to run.")
    List<String> command;

    @Override
    public Integer call() {
        CommandContext ctx = context();
        Exec.Result result = Exec.run(ctx.session(), new Exec.Request(String.join(" ", command), null));
        return output.emit(context(), title(), result, () -> Renderers.text(out -> {
            for (NodeResult<ExecResult> r : result.nodes()) {
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
            out.println(Renderers.summary(result.nodes(), result.elapsedMillis()));
        }));
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
