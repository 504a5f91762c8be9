package dev.vigil.cli;

import dev.vigil.core.exec.Exec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

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
        return output.emit(context(), title(), result);
    }
}
