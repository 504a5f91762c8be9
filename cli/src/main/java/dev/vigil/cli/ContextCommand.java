package dev.vigil.cli;

import picocli.CommandLine;

/** A command that does work: it reaches the run's shared options and context through the root command. */
abstract class ContextCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    CommandContext context() {
        return Vigil.globalOptions(spec).context();
    }
}
