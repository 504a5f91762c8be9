package dev.vigil.cli;

import picocli.CommandLine;

/** A command that does work: it reaches the run's shared options and context through the root command. */
abstract class ContextCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The command's name, e.g. "vigil backup verify": the title and item of the report formats. */
    String title() {
        return spec.qualifiedName();
    }

    CommandContext context() {
        return Vigil.globalOptions(spec).context();
    }
}
