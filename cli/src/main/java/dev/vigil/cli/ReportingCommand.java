package dev.vigil.cli;

import picocli.CommandLine.Mixin;

/** A command that reports a result: --format and --out, and Nagios' UNKNOWN line for a usage error when --format nagios. */
abstract class ReportingCommand extends ContextCommand implements Vigil.NagiosAware {
    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public boolean nagiosOutput() {
        return "nagios".equals(output.format);
    }
}
