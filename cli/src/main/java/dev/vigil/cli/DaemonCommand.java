package dev.vigil.cli;

import dev.vigil.core.text.Plural;
import dev.vigil.core.error.UsageException;
import dev.vigil.playbooks.schedule.Daemon;
import dev.vigil.playbooks.schedule.ScheduleConfig;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code vigil daemon}: the scheduler, in the foreground (systemd runs it; see the shipped unit). */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Run the scheduler in the foreground: nightly backups, health checks, the alarm scan and the black box.",
                "The schedules of vigil.yaml; by default the daily incremental backup 01:00 Mon-Sat, the weekly full backup",
                "01:00 Sunday, the daily-routine health check hourly, the alarm scan every 5 minutes and a black-box",
                "collection daily at 02:30. SIGTERM: no new jobs, running ones get schedules.shutdown_grace, then it exits.",
                "See 'vigil schedule list'."})
final class DaemonCommand extends ContextCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        CommandContext ctx = context();
        ScheduleConfig cfg = ScheduleConfig.load(ctx.configPath());
        if (cfg.enabledJobs().isEmpty()) {
            throw new UsageException("every job is switched off in schedules: nothing to run");
        }
        Daemon daemon = new Daemon(cfg, ctx.stateDir().ensure(), ScheduleCommand.runner(ctx), ctx.env());
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            ctx.err().println("vigil daemon: stopping (no new jobs; running ones get " + cfg.shutdownGrace() + ")");
            ctx.err().flush();
            daemon.stop(cfg.shutdownGraceDuration());
            ctx.err().println("vigil daemon: stopped");
            ctx.err().flush();
            stopped.countDown();
        }, "vigil-daemon-stop");
        try {
            daemon.start();
        } catch (java.io.IOException e) {
            // the schedule store (PostgreSQL for store: jdbc) is configuration the operator can fix: one line
            throw new UsageException("cannot start the daemon: " + e.getMessage().lines().findFirst().orElse("")
                    + (cfg.store().equals("jdbc") ? " (is the database up? check schedules.jdbc)" : ""));
        }
        Runtime.getRuntime().addShutdownHook(hook);
        ctx.err().println("vigil daemon: " + Plural.of(cfg.enabledJobs().size(), "job") + ", store " + cfg.store() + ", timezone " + cfg.zone().getID());
        cfg.enabledJobs().forEach((name, j) -> ctx.err().println("  " + name + " (" + j.cron() + "): next "
                + Daemon.next(j.quartz(), cfg.zone(), 1).stream().map(d -> d.toInstant().toString()).findFirst().orElse("never")));
        ctx.err().flush();
        stopped.await();
        return 0;
    }
}
