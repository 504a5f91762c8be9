package dev.vigil.healthcheck;

import dev.vigil.core.config.Durations;
import dev.vigil.core.fleet.FleetRunner;
import dev.vigil.core.fleet.NodeResult;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Finding;
import dev.vigil.core.result.Outcome;
import dev.vigil.core.result.Report;
import dev.vigil.core.result.Status;
import dev.vigil.core.transport.TransportException;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the selected checks on every node: nodes in parallel through the fleet runner, a node's
 * checks side by side over its one SSH session (a few channels at a time, each check with its own
 * deadline), then the trend from the saved history. A node that cannot be reached gets UNKNOWN
 * for every check, with the transport's outcome.
 */
public final class HealthcheckRunner {
    /** OpenSSH's default MaxSessions is 10 channels per connection; stay well under it. */
    static final int CHANNELS_PER_NODE = 4;
    /** Run ids sort by start time (to the millisecond), which is how history finds latest and previous. */

    private final HealthcheckConfig config;
    private final Checks.Selection selection;
    private final RunEnvironment env;
    private final List<Report> history;

    public HealthcheckRunner(HealthcheckConfig config, Checks.Selection selection, RunEnvironment env, List<Report> history) {
        this.config = config;
        this.selection = selection;
        this.env = env;
        this.history = history;
    }

    public static String newRunId(Instant start) {
        byte[] r = new byte[2];
        new SecureRandom().nextBytes(r);
        return dev.vigil.core.text.Stamps.millis(start) + "-" + HexFormat.of().formatHex(r);
    }

    public Report run(String runId, List<Node> nodes, FleetRunner fleet) {
        List<Check> outOfBand = selection.checks().stream().filter(Check::outOfBand).toList();
        List<Check> inBand = selection.checks().stream().filter(c -> !c.outOfBand()).toList();
        // the BMCs are read from the controller from the start, beside the SSH work and whether or not SSH reaches
        // the node: a few BMCs at a time, one session per node for its out-of-band checks
        ExecutorService bmcPool = Executors.newFixedThreadPool(Math.max(1, Math.min(BMC_READS_AT_ONCE, nodes.size())), r -> {
            Thread t = new Thread(r, "bmc-read");
            t.setDaemon(true);
            return t;
        });
        Map<String, List<Future<Finding>>> bmc = new HashMap<>();
        List<CheckContext> bmcContexts = new ArrayList<>();
        for (Node node : outOfBand.isEmpty() ? List.<Node>of() : nodes) {
            Settings settings = new Settings(config, node);
            CheckContext ctx = new CheckContext(node, null, settings, settings.checkTimeout(), env);
            bmcContexts.add(ctx);
            List<Future<Finding>> mine = new ArrayList<>();
            for (Check c : outOfBand) {
                mine.add(bmcPool.submit(() -> {
                    long t0 = System.nanoTime();
                    CheckResult r;
                    try {
                        r = c.run(ctx);
                    } catch (Exception e) {
                        r = failure(e);
                    }
                    return new Finding(node.name(), c.name(), r.status(), r.message(), r.metrics(), r.details(), (System.nanoTime() - t0) / 1_000_000);
                }));
            }
            bmc.put(node.name(), mine);
        }
        try {
            Map<String, NodeResult<List<Finding>>> byNode = new HashMap<>();
            if (!inBand.isEmpty()) {
                List<NodeResult<List<Finding>>> results = fleet.run(nodes, (node, transport) -> {
                    Settings settings = new Settings(config, node);
                    CheckContext ctx = new CheckContext(node, transport, settings, settings.checkTimeout(), env);
                    return runChecks(ctx, inBand);
                }, new FleetRunner.Judge<>() {
                    @Override
                    public Outcome outcome(List<Finding> value) {
                        return Outcome.OK;
                    }
                });
                results.forEach(r -> byNode.put(r.node().name(), r));
            }
            long bmcWait = budget(new Settings(config, Node.localhost())) * Math.max(1, (nodes.size() * outOfBand.size() + BMC_READS_AT_ONCE - 1) / BMC_READS_AT_ONCE);
            long bmcDeadline = System.nanoTime() + bmcWait;
            List<Finding> findings = new ArrayList<>();
            java.util.Set<String> unreached = new java.util.HashSet<>();
            for (Node node : nodes) {
                NodeResult<List<Finding>> r = byNode.get(node.name());
                String why = r == null || r.value() != null ? null : "node " + r.outcome().label() + ": " + r.message();
                if (why != null) {
                    unreached.add(node.name());
                }
                // a host key that does not match may be an attack, not a node that is down: CRIT, never UNKNOWN
                Status s = r != null && r.outcome() == Outcome.HOST_KEY_REJECTED ? Status.CRIT : Status.UNKNOWN;
                java.util.Iterator<Finding> in = r == null || r.value() == null ? java.util.Collections.emptyIterator() : r.value().iterator();
                java.util.Iterator<Future<Finding>> out = bmc.getOrDefault(node.name(), List.of()).iterator();
                for (Check c : selection.checks()) {
                    if (c.outOfBand()) {
                        findings.add(bmcFinding(node, c, out.next(), bmcDeadline, why));
                    } else if (why == null) {
                        findings.add(in.next());
                    } else if (c.usesAlarms()) {
                        // the alarms are fetched on the controller: a node that is down still shows what others say of it
                        findings.add(alarmsOfUnreached(c, node, s, why, r.duration().toMillis()));
                    } else {
                        findings.add(new Finding(node.name(), c.name(), s, why, List.of(), List.of(), r.duration().toMillis()));
                    }
                }
            }
            for (Check c : selection.checks()) {
                if (c instanceof FleetWideCheck fw) {
                    List<Finding> mine = findings.stream().filter(f -> f.item().equals(c.name())).toList();
                    java.util.Iterator<Finding> adjusted = fw.acrossNodes(mine).iterator();
                    findings.replaceAll(f -> f.item().equals(c.name()) && adjusted.hasNext() ? adjusted.next() : f);
                }
            }
            return withHistory(runId, nodes, findings, unreached);
        } finally {
            bmcPool.shutdownNow();
            bmcContexts.forEach(CheckContext::closeBmc);
        }
    }

    /** An out-of-band check's finding, with why the node itself was not looked at when SSH did not reach it. */
    private static Finding bmcFinding(Node node, Check c, Future<Finding> f, long deadline, String why) {
        Finding got;
        try {
            got = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            got = new Finding(node.name(), c.name(), Status.UNKNOWN, "the BMC did not answer in time", List.of(), List.of(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            got = new Finding(node.name(), c.name(), Status.UNKNOWN, "interrupted", List.of(), List.of(), 0);
        } catch (java.util.concurrent.ExecutionException e) {
            CheckResult r = failure(e.getCause());
            got = new Finding(node.name(), c.name(), r.status(), r.message(), r.metrics(), r.details(), 0);
        }
        if (why == null) {
            return got;
        }
        List<String> details = new ArrayList<>(got.details());
        details.add(0, why);
        return new Finding(got.node(), got.item(), got.status(), got.message(), got.metrics(), details, got.durationMs());
    }

    private Report withHistory(String runId, List<Node> nodes, List<Finding> findings, java.util.Set<String> unreached) {
        Instant end = Instant.now();
        Map<String, Map<String, List<Report.Point>>> series = new HashMap<>();
        List<Finding> withTrend = new ArrayList<>();
        for (Node node : nodes) {
            List<Finding> mine = findings.stream().filter(f -> f.node().equals(node.name())).toList();
            withTrend.addAll(mine);
            Map<String, List<Report.Point>> s = Trend.series(node.name(), history, mine, env.start());
            if (!s.isEmpty()) {
                series.put(node.name(), s);
            }
            for (HistoryCheck c : selection.fromHistory()) {
                if (unreached.contains(node.name()) || mine.isEmpty()) {
                    withTrend.add(new Finding(node.name(), c.name(), mine.isEmpty() ? Status.UNKNOWN : mine.get(0).status(),
                            mine.isEmpty() ? "no results" : mine.get(0).message(), List.of(), List.of(), 0));
                    continue;
                }
                CheckResult t = c.judge(mine, s);
                withTrend.add(new Finding(node.name(), c.name(), t.status(), t.message(), t.metrics(), t.details(), 0));
            }
        }
        platformAlarms(nodes).ifPresent(withTrend::add);
        return new Report(runId, "Vigil health check", env.start(), end, withTrend, series);
    }

    /** BMCs read at once, for every node of the run (each read has the BMC timeout). */
    static final int BMC_READS_AT_ONCE = 16;

    /** The alarms check of a node that was not reached: its alarms, and the node's own status if that is worse. */
    private Finding alarmsOfUnreached(Check c, Node node, Status unreached, String why, long millis) {
        try {
            CheckResult a = c.run(new CheckContext(node, null, new Settings(config, node), java.time.Duration.ZERO, env));
            Status st = a.status().severity() > unreached.severity() ? a.status() : unreached;
            return new Finding(node.name(), c.name(), st, why + "; " + a.message(), a.metrics(), a.details(), millis);
        } catch (Exception e) {
            return new Finding(node.name(), c.name(), unreached, why, List.of(), List.of(), millis);
        }
    }

    /**
     * Alarms that name no inventory node (a platform-level alert without a node label, or one for a host the
     * inventory does not have) are shown as the pseudo-node "platform" when the alarms check runs, not dropped.
     */
    private java.util.Optional<Finding> platformAlarms(List<Node> nodes) {
        if (selection.checks().stream().noneMatch(Check::usesAlarms) || env.alarms().isEmpty()) {
            return java.util.Optional.empty();
        }
        java.util.Map<String, String> severities = config.alarms() == null ? java.util.Map.of() : config.alarms().severities();
        List<String> details = new ArrayList<>();
        Status worst = Status.OK;
        for (RunEnvironment.Alarm a : env.alarms()) {
            if (a.node() != null && nodes.stream().anyMatch(n -> AlarmMatch.matches(a.node(), n))) {
                continue;
            }
            Status s = AlarmMatch.severity(a.severity(), severities);
            worst = s.severity() > worst.severity() ? s : worst;
            details.add("alarm: " + a.name() + " [" + (a.severity() == null ? "unknown" : a.severity()) + "]"
                    + (a.node() == null ? "" : " on " + a.node()) + (a.summary() == null ? "" : " " + a.summary()) + " (" + a.source() + ")");
        }
        if (details.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Finding("platform", "alarms", worst, details.size() + (details.size() == 1 ? " alarm" : " alarms")
                + " for no inventory node", List.of(), details, 0));
    }

    private List<Finding> runChecks(CheckContext ctx, List<Check> checks) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(CHANNELS_PER_NODE, Math.max(1, checks.size())), r -> {
            Thread t = new Thread(r, "check-" + ctx.node().name());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<CheckResult>> futures = new ArrayList<>();
            long[] tookMs = new long[checks.size()];
            // when each check started: its deadline counts from there, not from when it was queued behind slower ones
            java.util.concurrent.atomic.AtomicLongArray startedAt = new java.util.concurrent.atomic.AtomicLongArray(checks.size());
            for (int i = 0; i < checks.size(); i++) {
                Check c = checks.get(i);
                int index = i;
                futures.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    startedAt.set(index, t0);
                    try {
                        return c.run(ctx);
                    } finally {
                        tookMs[index] = (System.nanoTime() - t0) / 1_000_000;
                    }
                }));
            }
            long budget = budget(ctx.settings());
            List<Finding> out = new ArrayList<>();
            for (int i = 0; i < checks.size(); i++) {
                Check c = checks.get(i);
                CheckResult r = null;
                while (r == null) {
                    long started = startedAt.get(i);
                    // not started yet: it waits for a channel; give it a budget's worth and look again
                    long wait = started == 0 ? budget : started + budget - System.nanoTime();
                    try {
                        r = futures.get(i).get(Math.max(0, wait), TimeUnit.NANOSECONDS);
                    } catch (TimeoutException e) {
                        if (startedAt.get(i) != 0 && System.nanoTime() - startedAt.get(i) >= budget) {
                            futures.get(i).cancel(true);
                            r = CheckResult.of(Status.UNKNOWN, "did not finish within " + Durations.format(ctx.settings().checkTimeout()));
                        }
                    } catch (java.util.concurrent.ExecutionException e) {
                        r = failure(e.getCause());
                    }
                }
                out.add(new Finding(ctx.node().name(), c.name(), r.status(), r.message(), r.metrics(), r.details(), tookMs[i]));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** One check's time from its start: the check timeout, plus the CPU sampling interval the cpu check waits out, plus slack. */
    static long budget(Settings s) {
        return s.checkTimeout().plus(s.cpuInterval()).toNanos() + TimeUnit.SECONDS.toNanos(2);
    }

    /**
     * The longest one node's exam can take, for the fleet's hard per-node deadline: the checks run
     * {@link #CHANNELS_PER_NODE} at a time, each within its own budget.
     */
    public static java.time.Duration nodeWork(Settings s, int checks) {
        long rounds = Math.max(1, (checks + CHANNELS_PER_NODE - 1) / CHANNELS_PER_NODE);
        return java.time.Duration.ofNanos(budget(s) * rounds).plusSeconds(8);
    }

    private static CheckResult failure(Throwable t) {
        if (t instanceof CheckContext.CannotCheck) {
            return CheckResult.unknown(t.getMessage(), ((CheckContext.CannotCheck) t).excerpt());
        }
        if (t instanceof TransportException) {
            return CheckResult.of(Status.UNKNOWN, t.getMessage());
        }
        org.slf4j.LoggerFactory.getLogger(HealthcheckRunner.class).error("check failed", t);
        return CheckResult.of(Status.UNKNOWN, "internal error: " + t);
    }
}
