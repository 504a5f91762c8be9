package dev.vigil.cli;

import dev.vigil.core.text.Plural;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.result.Table;
import dev.vigil.core.transport.ShellQuote;
import dev.vigil.playbooks.schedule.Cron;
import dev.vigil.playbooks.schedule.Daemon;
import dev.vigil.playbooks.schedule.JobRunner;
import dev.vigil.playbooks.schedule.RunRecords;
import dev.vigil.playbooks.schedule.ScheduleConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code vigil schedule list|history|run-now|crontab}: the daemon's jobs, seen and run from a shell. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"Show and run the scheduled jobs of vigil.yaml: next fires, past runs, one run now.", "The platform's default jobs apply unless switched off."},
        subcommands = {ScheduleCommand.ListCmd.class, ScheduleCommand.History.class, ScheduleCommand.RunNow.class, ScheduleCommand.Crontab.class})
final class ScheduleCommand extends GroupCommand {

    static ScheduleConfig config(CommandContext ctx) {
        return ScheduleConfig.load(ctx.configPath());
    }

    /** Runs a job's playbook, its checklist saved as JSON under the state dir. */
    static JobRunner runner(CommandContext ctx) {
        return dev.vigil.playbooks.PlaybookRun.jobRunner(ctx.session());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every job: schedule, playbook, and its next fire times.")
    static final class ListCmd extends ReportingCommand implements Callable<Integer> {

        @Override
        public Integer call() {
            CommandContext ctx = context();
            ScheduleConfig cfg = config(ctx);
            List<Map<String, Object>> rows = new ArrayList<>();
            cfg.jobs().forEach((name, j) -> {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("job", name);
                r.put("cron", j.cron());
                r.put("quartz", j.quartz());
                r.put("playbook", j.playbook());
                r.put("limit", j.limit());
                r.put("enabled", j.on());
                r.put("next", j.on() ? Daemon.next(j.quartz(), cfg.zone(), 3).stream().map(d -> d.toInstant().toString()).toList() : List.of());
                rows.add(r);
            });
            return output.emit(context(), title(), Listing.of(rows.size() + " jobs", rows), () -> Renderers.text(out -> {
                Table t = new Table("JOB", "SCHEDULE", "PLAYBOOK", "ENABLED", "NEXT");
                for (Map<String, Object> r : rows) {
                    @SuppressWarnings("unchecked")
                    List<String> next = (List<String>) r.get("next");
                    t.row(r.get("job"), r.get("cron"), r.get("playbook") + (r.get("limit") == null ? "" : " -l " + r.get("limit")),
                            (Boolean) r.get("enabled") ? "yes" : "no", next.isEmpty() ? "-" : String.join(", ", next.subList(0, Math.min(2, next.size()))));
                }
                out.print(t.render());
                out.println("store: " + cfg.store() + "; grace for missed fires: " + cfg.grace() + "; timezone: " + cfg.zone().getID());
            }));
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "List the recorded runs, oldest first: due, started, delay, outcome, report.")
    static final class History extends ReportingCommand implements Callable<Integer> {
        @Option(names = "--job", paramLabel = "JOB", description = "Only this job.")
        String job;

        @Override
        public Integer call() throws IOException {
            CommandContext ctx = context();
            List<RunRecords.Run> runs = new ArrayList<>(new RunRecords(ctx.stateDir().root()).all());
            runs.removeIf(r -> job != null && !r.job().equals(job));
            return output.emit(context(), title(), Listing.ofRecords(runs.size() + " runs", runs), () -> Renderers.text(out -> {
                Table t = new Table("JOB", "TRIGGER", "DUE", "STARTED", "DELAY", "OUTCOME", "REPORT / MESSAGE");
                for (RunRecords.Run r : runs) {
                    t.row(r.job(), r.trigger(), r.scheduled() == null ? "-" : r.scheduled(), r.started() == null ? "-" : r.started(),
                            r.delayMs() == null ? "-" : r.delayMs() + " ms", r.outcome(), r.report() != null ? r.report() : r.message() == null ? "" : r.message());
                }
                out.print(t.render());
                out.println(Plural.of(runs.size(), "run") + " recorded in " + new RunRecords(ctx.stateDir().root()).file());
            }));
        }
    }

    @Command(name = "run-now", mixinStandardHelpOptions = true, description = "Run a job now, in this process, recorded like a scheduled run.")
    static final class RunNow extends ContextCommand implements Callable<Integer> {
        @Parameters(paramLabel = "JOB")
        String job;

        @Override
        public Integer call() throws IOException {
            CommandContext ctx = context();
            ScheduleConfig cfg = config(ctx);
            ScheduleConfig.JobConfig j = cfg.jobs().get(job);
            if (j == null) {
                throw new UsageException("no job '" + job + "' (jobs: " + String.join(", ", cfg.jobs().keySet()) + ")");
            }
            Instant started = Instant.now();
            JobRunner.Result r = runner(ctx).run(job, j);
            new RunRecords(ctx.stateDir().root()).append(new RunRecords.Run(job, j.playbook(), "run-now", null, started.toString(),
                    Instant.now().toString(), null, r.exitCode(), r.outcome(), r.report(), null, r.message()));
            ctx.out().println(job + ": " + r.outcome() + (r.report() == null ? "" : ", report " + r.report()) + (r.message() == null ? "" : " (" + r.message() + ")"));
            ctx.out().flush();
            return r.exitCode();
        }
    }

    @Command(name = "crontab", mixinStandardHelpOptions = true, description = "Print the equivalent crontab lines, for operators who keep cron instead of the daemon.")
    static final class Crontab extends ContextCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            CommandContext ctx = context();
            ScheduleConfig cfg = config(ctx);
            ctx.out().println("# vigil schedules as crontab lines (timezone: the cron daemon's; vigil.yaml says " + cfg.zone().getID() + ")");
            List<String> globals = Vigil.globalOptions(spec).forward();
            globals.removeAll(List.of("--progress", "none"));
            cfg.jobs().forEach((name, j) -> {
                String line = Cron.toCrontab(j.quartz());
                StringBuilder cmd = new StringBuilder("vigil");
                globals.forEach(g -> cmd.append(' ').append(ShellQuote.quote(g)));
                if (j.limit() != null) {
                    cmd.append(" -l ").append(ShellQuote.quote(j.limit()));
                }
                cmd.append(" --progress none playbook run ").append(ShellQuote.quote(j.playbook()));
                if (j.vars() != null) {
                    j.vars().forEach((k, v) -> cmd.append(" --var ").append(ShellQuote.quote(k + "=" + v)));
                }
                String prefix = j.on() ? "" : "# (disabled) ";
                if (line == null) {
                    ctx.out().println("# " + name + ": '" + j.cron() + "' cannot be written as a crontab line (seconds, year, L, W or #)");
                } else {
                    ctx.out().println(prefix + line.replace("%", "\\%") + " " + cmd.toString().replace("%", "\\%") + "  # " + name);
                }
            });
            ctx.out().flush();
            return 0;
        }
    }
}
