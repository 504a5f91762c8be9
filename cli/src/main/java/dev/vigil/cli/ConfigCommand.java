package dev.vigil.cli;

import dev.vigil.core.config.ConfigReport;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code vigil config show}: the effective configuration, secrets shown only as references. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Show the effective configuration, or check the whole file.",
        subcommands = {ConfigCommand.Show.class, ConfigCommand.Validate.class})
final class ConfigCommand extends GroupCommand {
    @Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Print the effective configuration as YAML: the config file, flags and defaults merged.",
                    "Secrets are never shown: only where they come from, and whether that is set."})
    static final class Show extends ReportingCommand implements Callable<Integer> {

        @Override
        public Integer call() {
            return output.emit(context(), title(), ConfigReport.show(context().session()));
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Check the whole config file, every section, before a night's jobs depend on it.",
                    "The core settings and every module's section (backup, healthcheck, kbox, power, schedules) are read as the",
                    "commands read them; each problem is shown at its file, line and column. Exit 64 when there is one."})
    static final class Validate extends ReportingCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            GlobalOptions g = Vigil.globalOptions(spec);
            ConfigReport.Validation v = ConfigReport.validate(g.sessionOptions(), g.env);
            return v.exitCode(output.emit(g.out, g.env, title(), v.listing(), "rw-------"));
        }
    }
}
