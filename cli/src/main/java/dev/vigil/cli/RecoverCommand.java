package dev.vigil.cli;

import dev.vigil.core.config.Durations;
import dev.vigil.core.result.Table;
import dev.vigil.power.PowerRecovery;
import dev.vigil.power.RecoveryOrchestrator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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

    @Option(names = "--resume", paramLabel = "RUN", description = "Continue an interrupted run (its id or journal file).")
    String resume;

    @Option(names = "--dry-run", description = "Plan from history and print the estimate; touch nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws IOException, InterruptedException {
        CommandContext ctx = context();
        PowerRecovery.Request request = new PowerRecovery.Request(nodeTimeout, deadline,
                retries, order, readyCommand, resume);
        int parallel = ctx.parallel();
        if (dryRun) {
            PowerRecovery.Plan plan = PowerRecovery.plan(ctx.session(), request);
            Table t = new Table("ORDER", "NODE", "EXPECTED LOAD", "STARTS AT");
            for (PowerRecovery.PlannedNode n : plan.nodes()) {
                t.row(n.order(), n.node(), String.format(Locale.ROOT, "%.1fs%s", n.expectedLoadSeconds(), n.seenBefore() ? "" : " (never seen)"),
                        String.format(Locale.ROOT, "%.1fs", n.startsAtSeconds()));
            }
            ctx.out().print(t.render());
            ctx.out().printf(Locale.ROOT, "dry run: %d nodes, %d at once: about %.1fs; nothing was touched%n", plan.nodes().size(), plan.parallel(),
                    plan.makespanSeconds());
            ctx.out().flush();
            return 0;
        }
        PowerRecovery.Result result = PowerRecovery.run(ctx.session(), request, liveView(ctx, parallel), (runId, journal) -> {
            ctx.err().println("vigil: recovery run " + runId + " (journal " + journal + ")");
            ctx.err().flush();
        });
        return output.emit(context(), title(), result, () -> Renderers.text(out -> {
            Table t = new Table("NODE", "OUTCOME", "ATTEMPTS", "POWER-ON", "BMC-ON", "SSH-UP", "READY", "LOAD", "MESSAGE");
            for (RecoveryOrchestrator.NodeRun r : result.report().nodes()) {
                t.row(r.node, r.outcome, r.attempts, s(r.powerOnAt), s(r.bmcOnAt), s(r.sshUpAt), s(r.readyAt), s(r.loadSeconds),
                        r.message == null ? "" : r.message);
            }
            out.print(t.render());
            out.println(result.summary());
        }));
    }

    private static String s(Double d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.1fs", d);
    }

    /**
     * The live view on stderr: counts (loaded, loading, waiting, failed), each loading node's phase and
     * time in it, the elapsed total, an ETA from the loads so far, and the lower bound
     * max(longest load, sum of loads / parallel). Redrawn at most once a second; a line whenever the counts change.
     */
    private static RecoveryOrchestrator.Listener liveView(CommandContext ctx, int parallel) {
        long start = System.nanoTime();
        long[] lastDraw = {0};
        String[] lastCounts = {""};
        return runs -> {
            Map<String, Integer> c = new TreeMap<>();
            List<String> loading = new ArrayList<>();
            double sum = 0;
            double longest = 0;
            int done = 0;
            for (RecoveryOrchestrator.NodeRun r : runs.values()) {
                String k = r.outcome == null ? ("waiting".equals(r.phase) ? "waiting" : "loading") : r.outcome;
                c.merge(k, 1, Integer::sum);
                if ("loading".equals(k)) {
                    loading.add(String.format(Locale.ROOT, "%s %s %.0fs", r.node, r.phase, r.sinceAttemptStart()));
                }
                if (r.loadSeconds != null) {
                    sum += r.loadSeconds;
                    longest = Math.max(longest, r.loadSeconds);
                    done++;
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            int left = c.getOrDefault("waiting", 0) + c.getOrDefault("loading", 0);
            String eta = done == 0 ? "?" : String.format(Locale.ROOT, "%.0fs", left * (sum / done) / parallel);
            String counts = c.getOrDefault("loaded", 0) + " loaded, " + c.getOrDefault("loading", 0) + " loading, "
                    + c.getOrDefault("waiting", 0) + " waiting, " + c.getOrDefault("failed", 0) + " failed";
            long now = System.nanoTime();
            synchronized (lastDraw) {
                if (!counts.equals(lastCounts[0]) || now - lastDraw[0] > 1_000_000_000L) {
                    lastCounts[0] = counts;
                    lastDraw[0] = now;
                    ctx.err().printf(Locale.ROOT, "recover: %s; elapsed %.0fs, ETA %s, lower bound %.1fs%s%n", counts, elapsed, eta,
                            Math.max(longest, sum / parallel), loading.isEmpty() ? "" : " [" + String.join(", ",
                                    loading.subList(0, Math.min(5, loading.size()))) + (loading.size() > 5 ? ", ..." : "") + "]");
                    ctx.err().flush();
                }
            }
        };
    }
}
