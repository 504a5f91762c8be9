package dev.vigil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code vigil help [COMMAND...]}: the help of any command, at any depth ({@code vigil help healthcheck run}). */
@Command(name = "help", helpCommand = true, description = "Show the help of a command: vigil help healthcheck run.")
final class HelpCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, with its subcommands.")
    List<String> path = List.of();

    @Override
    public Integer call() {
        CommandLine at = spec.root().commandLine();
        for (String word : path) {
            CommandLine sub = at.getSubcommands().get(word);
            if (sub == null) {
                String near = dev.vigil.core.inventory.Suggest.closest(word, at.getSubcommands().keySet());
                throw new CommandLine.ParameterException(spec.commandLine(), "'" + word + "' is not a command of " + at.getCommandSpec().qualifiedName()
                        + (near != null ? "; did you mean '" + near + "'?" : ""));
            }
            at = sub;
        }
        at.usage(spec.commandLine().getOut());
        return 0;
    }
}
