package dev.vigil.cli;

import dev.vigil.playbooks.schedule.Schedules;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

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
        Schedules.daemon(ctx.session(), line -> {
            ctx.err().println("vigil daemon: " + line);
            ctx.err().flush();
        });
        return 0;
    }
}
