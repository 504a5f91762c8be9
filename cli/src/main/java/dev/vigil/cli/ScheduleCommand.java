package dev.vigil.cli;

import dev.vigil.playbooks.schedule.Schedules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vigil schedule list|history|run-now|crontab}: the daemon's jobs, seen and run from a shell. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"Show and run the scheduled jobs of vigil.yaml: next fires, past runs, one run now.", "The platform's default jobs apply unless switched off."},
        subcommands = {ScheduleCommand.ListCmd.class, ScheduleCommand.History.class, ScheduleCommand.RunNow.class, ScheduleCommand.Crontab.class})
final class ScheduleCommand extends GroupCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every job: schedule, playbook, and its next fire times.")
    static final class ListCmd extends ReportingCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            return output.emit(context(), title(), Schedules.jobs(context().session()));
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "List the recorded runs, oldest first: due, started, delay, outcome, report.")
    static final class History extends ReportingCommand implements Callable<Integer> {
        @Option(names = "--job", paramLabel = "JOB", description = "Only this job.")
        String job;

        @Override
        public Integer call() throws IOException {
            return output.emit(context(), title(), Schedules.history(context().session(), job));
        }
    }

    @Command(name = "run-now", mixinStandardHelpOptions = true, description = "Run a job now, in this process, recorded like a scheduled run.")
    static final class RunNow extends ReportingCommand implements Callable<Integer> {
        @Parameters(paramLabel = "JOB")
        String job;

        @Override
        public Integer call() throws IOException {
            return output.emit(context(), title(), Schedules.runNow(context().session(), job));
        }
    }

    @Command(name = "crontab", mixinStandardHelpOptions = true, description = "Print the equivalent crontab lines, for operators who keep cron instead of the daemon.")
    static final class Crontab extends ReportingCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            List<String> globals = Vigil.globalOptions(spec).forward();
            globals.removeAll(List.of("--progress", "none"));
            return output.emit(context(), title(), Schedules.crontab(context().session(), globals));
        }
    }
}
