package dev.vigil.playbooks.schedule;

import dev.vigil.core.config.Yaml;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.result.Listing;
import dev.vigil.core.result.RunResult;
import dev.vigil.core.result.Status;
import dev.vigil.core.result.Table;
import dev.vigil.core.session.Session;
import dev.vigil.core.text.Plural;
import dev.vigil.core.transport.ShellQuote;
import dev.vigil.playbooks.PlaybookRun;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/** The use cases behind {@code vigil schedule list|history|run-now|crontab}: the daemon's jobs, seen and run from a shell. */
public final class Schedules {
    private Schedules() {
    }

    /** Every job: its schedule, playbook, limit, whether it is on, and its next three fires. */
    public static Listing jobs(Session session) {
        ScheduleConfig cfg = ScheduleConfig.load(session.configPath());
        List<Map<String, Object>> rows = new ArrayList<>();
        Table t = new Table("JOB", "SCHEDULE", "PLAYBOOK", "ENABLED", "NEXT");
        cfg.jobs().forEach((name, j) -> {
            List<String> next = j.on() ? Daemon.next(j.quartz(), cfg.zone(), 3).stream().map(d -> d.toInstant().toString()).toList() : List.of();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("job", name);
            r.put("cron", j.cron());
            r.put("quartz", j.quartz());
            r.put("playbook", j.playbook());
            r.put("limit", j.limit());
            r.put("enabled", j.on());
            r.put("partition_by", j.partitionBy());
            r.put("partitions", j.partitions());
            r.put("next", next);
            rows.add(r);
            t.row(name + (j.partitionBy() != null ? " (per " + j.partitionBy() + ")" : j.partitions() != null ? " (per partition: "
                    + String.join(" | ", j.partitions()) + ")" : ""), j.cron(), j.playbook() + (j.limit() == null ? "" : " -l " + j.limit()), j.on() ? "yes" : "no",
                    next.isEmpty() ? "-" : String.join(", ", next.subList(0, Math.min(2, next.size()))));
        });
        return Listing.of(rows.size() + " jobs", rows, t.render() + "store: " + cfg.store() + "; grace for missed fires: " + cfg.grace()
                + "; timezone: " + cfg.zone().getID() + "\n");
    }

    /**
     * The enabled jobs as the daemon schedules them: a partitioned job split per partition of the
     * inventory as it is now (restart the daemons after changing the partitions). warn: what to tell.
     */
    static Map<String, ScheduleConfig.JobConfig> scheduled(Session session, ScheduleConfig cfg, Consumer<String> warn) {
        if (cfg.enabledJobs().values().stream().noneMatch(ScheduleConfig.JobConfig::partitioned)) {
            return cfg.enabledJobs();
        }
        List<String> warnings = new ArrayList<>();
        Map<String, ScheduleConfig.JobConfig> jobs = Partitions.expand(cfg.enabledJobs(), session.inventory(), warnings);
        warnings.forEach(warn);
        return jobs;
    }

    /** The recorded runs, oldest first (only {@code job}'s when given). */
    public static Listing history(Session session, String job) throws IOException {
        RunRecords records = new RunRecords(session.stateDir().root());
        List<RunRecords.Run> runs = new ArrayList<>(records.all());
        runs.removeIf(r -> job != null && !r.job().equals(job));
        Table t = new Table("JOB", "TRIGGER", "DUE", "STARTED", "DELAY", "OUTCOME", "REPORT / MESSAGE");
        for (RunRecords.Run r : runs) {
            t.row(r.job(), r.trigger(), r.scheduled() == null ? "-" : r.scheduled(), r.started() == null ? "-" : r.started(),
                    r.delayMs() == null ? "-" : r.delayMs() + " ms", r.outcome(), r.report() != null ? r.report() : r.message() == null ? "" : r.message());
        }
        return Listing.ofRecords(Yaml.jsonMapper(), runs.size() + " runs", runs, runs, t.render() + Plural.of(runs.size(), "run") + " recorded in "
                + records.file() + "\n");
    }

    /** A job run now, in this process, recorded like a scheduled run; its exit code is the playbook's. */
    public record JobRun(String job, String outcome, String report, String message, int code) implements RunResult {
        @Override
        public Status status() {
            return switch (code) {
                case 0 -> Status.OK;
                case 1 -> Status.WARN;
                case 2 -> Status.CRIT;
                default -> Status.UNKNOWN;
            };
        }

        @Override
        public String summary() {
            return job + ": " + outcome + (report == null ? "" : ", report " + report) + (message == null ? "" : " (" + message + ")");
        }

        @Override
        public String text(String title) {
            return summary() + "\n";
        }

        @Override
        public int exitCode() {
            return code;
        }
    }

    public static JobRun runNow(Session session, String job) throws IOException {
        ScheduleConfig cfg = ScheduleConfig.load(session.configPath());
        ScheduleConfig.JobConfig j = cfg.jobs().get(job);
        if (j == null && job.contains("@")) {
            // one partition of a partitioned job, as the daemon names it
            j = scheduled(session, cfg, w -> { }).get(job);
        }
        if (j == null) {
            throw new UsageException("no job '" + job + "' (jobs: " + String.join(", ", cfg.jobs().keySet()) + ")");
        }
        Instant started = Instant.now();
        JobRunner.Result r = PlaybookRun.jobRunner(session).run(job, j);
        new RunRecords(session.stateDir().root()).append(new RunRecords.Run(job, j.playbook(), "run-now", null, started.toString(),
                Instant.now().toString(), null, r.exitCode(), r.outcome(), r.report(), null, r.message()));
        return new JobRun(job, r.outcome(), r.report(), r.message(), r.exitCode());
    }

    /**
     * The jobs as crontab lines, for operators who keep cron instead of the daemon: each runs
     * {@code vigil <globals> [-l LIMIT] --progress none playbook run PLAYBOOK [--var K=V]}, every word quoted for sh.
     */
    public static Listing crontab(Session session, List<String> globals) {
        ScheduleConfig cfg = ScheduleConfig.load(session.configPath());
        StringBuilder text = new StringBuilder("# vigil schedules as crontab lines (timezone: the cron daemon's; vigil.yaml says " + cfg.zone().getID() + ")\n");
        List<Map<String, Object>> rows = new ArrayList<>();
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
                text.append("# ").append(name).append(": '").append(j.cron()).append("' cannot be written as a crontab line (seconds, year, L, W or #)\n");
            } else {
                text.append(prefix).append(line.replace("%", "\\%")).append(' ').append(cmd.toString().replace("%", "\\%")).append("  # ").append(name).append('\n');
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("job", name);
            row.put("enabled", j.on());
            row.put("crontab", line);
            row.put("command", cmd.toString());
            rows.add(row);
        });
        return Listing.of(Plural.of(rows.size(), "job"), rows, text.toString());
    }

    /**
     * The daemon in the foreground: every enabled job on its schedule, each reading the config afresh, until
     * SIGTERM (no new jobs; running ones get schedules.shutdown_grace). status: what it runs, and when it stops.
     */
    public static void daemon(Session session, Consumer<String> status) throws Exception {
        ScheduleConfig cfg = ScheduleConfig.load(session.configPath());
        if (cfg.enabledJobs().isEmpty()) {
            throw new UsageException("every job is switched off in schedules: nothing to run");
        }
        Map<String, ScheduleConfig.JobConfig> jobs = scheduled(session, cfg, status);
        Daemon daemon = new Daemon(cfg, jobs, session.stateDir().ensure(), PlaybookRun.jobRunner(session), session.env());
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            status.accept("stopping (no new jobs; running ones get " + cfg.shutdownGrace() + ")");
            daemon.stop(cfg.shutdownGraceDuration());
            status.accept("stopped");
            stopped.countDown();
        }, "vigil-daemon-stop");
        try {
            daemon.start();
        } catch (IOException e) {
            // the schedule store (PostgreSQL for store: jdbc) is configuration the operator can fix: one line
            throw new UsageException("cannot start the daemon: " + e.getMessage().lines().findFirst().orElse("")
                    + (cfg.store().equals("jdbc") ? " (is the database up? check schedules.jdbc)" : ""));
        }
        Runtime.getRuntime().addShutdownHook(hook);
        // the alarm sinks every minute: queued events go out when a receiver is back, and Alertmanager hears the firing ones again
        java.util.concurrent.ScheduledExecutorService delivery = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-alarm-delivery");
            t.setDaemon(true);
            return t;
        });
        delivery.scheduleWithFixedDelay(() -> {
            try {
                dev.vigil.core.alarm.AlarmsConfig ac = dev.vigil.core.alarm.AlarmsConfig.load(session.configPath());
                if (!ac.sinks().isEmpty()) {
                    dev.vigil.core.alarm.Alarms.deliver(session, ac);
                }
            } catch (RuntimeException e) {
                status.accept("alarm delivery: " + e.getMessage());
            }
        }, 60, 60, java.util.concurrent.TimeUnit.SECONDS);
        StringBuilder listed = new StringBuilder(Plural.of(jobs.size(), "job") + ", store " + cfg.store() + ", timezone " + cfg.zone().getID());
        jobs.forEach((name, j) -> listed.append("\n  ").append(name).append(" (").append(j.cron()).append("): next ")
                .append(Daemon.next(j.quartz(), cfg.zone(), 1).stream().map(d -> d.toInstant().toString()).findFirst().orElse("never")));
        status.accept(listed.toString());
        stopped.await();
    }
}
