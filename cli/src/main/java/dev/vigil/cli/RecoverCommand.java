package dev.vigil.cli;

import dev.vigil.power.PowerRecovery;
import dev.vigil.power.RecoveryOrchestrator;
import dev.vigil.power.RecoveryProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.concurrent.Callable;

/** {@code vigil power recover}: bring the whole platform back after an outage. */
@Command(name = "recover", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Bring the platform back after a power outage: every selected node powered on and loaded.",
                "Each node is powered on through its BMC and waited for until it is loaded (SSH answers, then the ready command succeeds), at most --parallel (default 20) loading at once, a sliding window.",
                "A node not loaded within --node-timeout is power-cycled and queued again, up to --retries times.",
                "Every transition is journaled; --resume continues a run without powering anything twice."})
final class RecoverCommand extends ReportingCommand implements Callable<Integer> {
    @Option(names = "--node-timeout", paramLabel = "DURATION", description = "One node's time from power-on to loaded. Default: 5m.")
    java.time.Duration nodeTimeout = java.time.Duration.ofMinutes(5);

    @Option(names = "--deadline", paramLabel = "DURATION", description = "The whole platform's time. Default: 2h.")
    java.time.Duration deadline = java.time.Duration.ofHours(2);

    @Option(names = "--retries", paramLabel = "N", description = "Power cycles for a node that does not load. Default: 1.")
    int retries = 1;

    @Option(names = "--order", paramLabel = "ORDER", description = "inventory or longest-first (by earlier runs' load times). Default: inventory.")
    String order = "inventory";

    @Option(names = "--ready-command", paramLabel = "COMMAND",
            description = "Run over SSH once it answers; the node is loaded when it exits 0. Default: the health check's process check "
                    + "for the node's groups (healthcheck.processes / units), or 'true' where none are configured.")
    String readyCommand;

    @Option(names = "--stagger", paramLabel = "DURATION",
            description = "The least time between two power commands (on, or a retry's cycle), so the inrush currents of servers "
                    + "powered on together do not add up on one breaker. 0 sends them as slots free. Default: 1s.")
    java.time.Duration stagger = PowerRecovery.Request.DEFAULT_STAGGER;

    @Option(names = "--max-per", paramLabel = "LABEL=N",
            description = "At most N nodes with the same value of the inventory label LABEL loading at once (e.g. pdu=4 or rack=10); "
                    + "repeat or separate with commas for several labels. A node without the label is not limited by it.")
    java.util.List<String> maxPer = new java.util.ArrayList<>();

    @Option(names = "--resume", paramLabel = "RUN", description = "Continue an interrupted run (its id or journal file).")
    String resume;

    @Option(names = "--dry-run", description = "Plan from history and print the estimate; touch nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws IOException, InterruptedException {
        CommandContext ctx = context();
        PowerRecovery.Request request = new PowerRecovery.Request(nodeTimeout, deadline,
                retries, order, readyCommand, resume, stagger, PowerRecovery.Request.parseMaxPer(maxPer));
        if (dryRun) {
            return output.emit(ctx, title(), PowerRecovery.plan(ctx.session(), request));
        }
        PowerRecovery.Result result = PowerRecovery.run(ctx.session(), request, liveView(ctx, ctx.session().parallel(), request.limits()), (runId, journal) -> {
            ctx.err().println("vigil: recovery run " + runId + " (journal " + journal + ")");
            ctx.err().flush();
        });
        return output.emit(ctx, title(), result);
    }

    /** The live view on stderr: redrawn at most once a second, and whenever the counts change. */
    private static RecoveryOrchestrator.Listener liveView(CommandContext ctx, int parallel, String limits) {
        long start = System.nanoTime();
        long[] lastDraw = {0};
        String[] lastCounts = {""};
        return runs -> {
            RecoveryProgress p = RecoveryProgress.of(runs, (System.nanoTime() - start) / 1e9, parallel, limits);
            long now = System.nanoTime();
            synchronized (lastDraw) {
                if (!p.counts().equals(lastCounts[0]) || now - lastDraw[0] > 1_000_000_000L) {
                    lastCounts[0] = p.counts();
                    lastDraw[0] = now;
                    ctx.err().println(p.line());
                    ctx.err().flush();
                }
            }
        };
    }
}
