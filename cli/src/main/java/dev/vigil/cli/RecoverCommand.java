package dev.vigil.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.core.config.Durations;
import dev.vigil.core.config.Yaml;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Table;
import dev.vigil.core.state.AtomicFiles;
import dev.vigil.core.transport.Connections;
import dev.vigil.core.transport.Transport;
import dev.vigil.power.BmcDriver;
import dev.vigil.power.BmcDrivers;
import dev.vigil.power.Journal;
import dev.vigil.power.PowerConfig;
import dev.vigil.power.RecoveryOrchestrator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code vigil power recover}: bring the whole platform back after an outage. */
@Command(name = "recover", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"After a power outage: power every selected node on through its BMC and wait until it is loaded",
                "(SSH answers, then the ready command succeeds), at most --parallel (default 20) loading at once, a sliding window.",
                "A node not loaded within --node-timeout is power-cycled and queued again, up to --retries times.",
                "Every transition is journaled; --resume continues a run without powering anything twice."})
final class RecoverCommand extends ContextCommand implements Callable<Integer> {
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @Option(names = "--node-timeout", paramLabel = "DURATION", description = "One node's time from power-on to loaded. Default: 5m.")
    String nodeTimeout = "5m";

    @Option(names = "--deadline", paramLabel = "DURATION", description = "The whole platform's time. Default: 2h.")
    String deadline = "2h";

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

    @Option(names = "--format", paramLabel = "FORMAT", description = "table or json. Default: table.")
    OutputFormat format = OutputFormat.TABLE;

    @Override
    public Integer call() throws IOException, InterruptedException {
        CommandContext ctx = context();
        Duration nodeT = duration(nodeTimeout, "--node-timeout");
        Duration total = duration(deadline, "--deadline");
        int parallel = ctx.parallel();
        if (retries < 0) {
            throw new UsageException("--retries must be at least 0");
        }
        RecoveryOrchestrator.Order ord;
        switch (order) {
            case "inventory": ord = RecoveryOrchestrator.Order.INVENTORY; break;
            case "longest-first": ord = RecoveryOrchestrator.Order.LONGEST_FIRST; break;
            default: throw new UsageException("--order must be inventory or longest-first, not '" + order + "'");
        }
        Path state = ctx.stateDir().root().resolve("power");
        Map<String, Double> history = loadTimes(state);
        List<Node> nodes = RecoveryOrchestrator.order(ctx.selectedNodes(), ord, history);
        // the run asked for must exist before anything else is judged: an unknown run is the operator's typo, not a BMC problem
        Path journalFile;
        List<Journal.Entry> before = List.of();
        if (resume != null) {
            journalFile = resume.endsWith(".jsonl") ? Path.of(resume) : state.resolve("runs").resolve(resume + ".jsonl");
            if (!Files.isRegularFile(journalFile)) {
                throw new UsageException("no recovery run '" + resume + "' (journals are in " + state.resolve("runs") + ")");
            }
            before = Journal.read(journalFile);
        } else {
            journalFile = state.resolve("runs").resolve(ID.format(Instant.now()) + ".jsonl");
        }
        // the dry run refuses what the real run refuses: a node without a BMC or without its password
        PowerConfig cfg = PowerConfig.load(ctx.configPath());
        Map<String, BmcDriver> drivers = new LinkedHashMap<>();
        for (Node n : nodes) {
            drivers.put(n.name(), BmcDrivers.forNode(n, cfg, ctx.env()));
        }
        if (dryRun) {
            return plan(ctx, nodes, history, nodeT, parallel);
        }
        String runId = journalFile.getFileName().toString().replace(".jsonl", "");
        ctx.err().println("vigil: recovery run " + runId + " (journal " + journalFile + ")");
        ctx.err().flush();
        var ssh = ctx.sshOptions(false);
        dev.vigil.power.ProcessReadiness processes = new dev.vigil.power.ProcessReadiness(
                dev.vigil.healthcheck.HealthcheckConfig.load(ctx.configPath()), ctx.stateDir().root());
        RecoveryOrchestrator.Readiness ready = node -> {
            // a fresh connection each time: the run-wide cache would remember the node as down
            try (Connections c = new Connections(ssh, ctx.env())) {
                Transport t = c.open(node);
                if (readyCommand == null && processes.expectsProcesses(node)) {
                    return processes.ready(node, t);
                }
                return t.exec(readyCommand == null ? "true" : readyCommand, Duration.ofSeconds(30)).ok();
            } catch (dev.vigil.core.transport.TransportException e) {
                return false;
            }
        };
        RecoveryOrchestrator.Report report;
        try (Journal journal = Journal.open(journalFile)) {
            RecoveryOrchestrator orchestrator = new RecoveryOrchestrator(new RecoveryOrchestrator.Options(parallel, nodeT, total, retries, ord,
                    ssh.defaultPort() != null ? ssh.defaultPort() : 22, cfg), drivers, ready, journal, liveView(ctx, parallel));
            Thread hook = new Thread(orchestrator::stop, "vigil-recover-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                report = orchestrator.run(nodes, before);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // already stopping
                }
            }
        }
        for (RecoveryOrchestrator.NodeRun r : report.nodes()) {
            if (r.loadSeconds != null) {
                history.put(r.node, r.loadSeconds);
            }
        }
        AtomicFiles.write(state.resolve("load-times.json"), Yaml.jsonMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(new TreeMap<>(history)));
        Map<String, Object> doc = document(runId, report);
        AtomicFiles.write(state.resolve("runs").resolve(runId + ".report.json"), Renderers.json(doc).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (format == OutputFormat.JSON) {
            ctx.out().println(Renderers.json(doc));
        } else {
            Table t = new Table("NODE", "OUTCOME", "ATTEMPTS", "POWER-ON", "BMC-ON", "SSH-UP", "READY", "LOAD", "MESSAGE");
            for (RecoveryOrchestrator.NodeRun r : report.nodes()) {
                t.row(r.node, r.outcome, r.attempts, s(r.powerOnAt), s(r.bmcOnAt), s(r.sshUpAt), s(r.readyAt), s(r.loadSeconds),
                        r.message == null ? "" : r.message);
            }
            ctx.out().print(t.render());
            ctx.out().println(verdicts(report));
        }
        ctx.out().flush();
        boolean allLoaded = report.nodes().stream().allMatch(r -> "loaded".equals(r.outcome));
        boolean anyFailed = report.nodes().stream().anyMatch(r -> "failed".equals(r.outcome));
        return allLoaded ? 0 : anyFailed ? 2 : 3;
    }

    private static String verdicts(RecoveryOrchestrator.Report r) {
        long loaded = r.nodes().stream().filter(n -> "loaded".equals(n.outcome)).count();
        return String.format(Locale.ROOT, "%d/%d loaded; every node within %s: %s; everything within %s: %s; makespan %.1fs, lower bound %.1fs (%.2fx)",
                loaded, r.nodes().size(), Durations.format(r.nodeTimeout()), r.allWithinNodeTimeout() ? "yes" : "NO",
                Durations.format(r.deadline()), r.allWithinDeadline() ? "yes" : "NO", r.makespanSeconds(), r.lowerBoundSeconds(),
                r.lowerBoundSeconds() > 0 ? r.makespanSeconds() / r.lowerBoundSeconds() : 0.0);
    }

    private static Map<String, Object> document(String runId, RecoveryOrchestrator.Report r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run_id", runId);
        doc.put("start", r.start().toString());
        doc.put("end", r.end().toString());
        doc.put("parallel", r.parallel());
        doc.put("makespan_s", round(r.makespanSeconds()));
        doc.put("lower_bound_s", round(r.lowerBoundSeconds()));
        doc.put("all_within_node_timeout", r.allWithinNodeTimeout());
        doc.put("all_within_deadline", r.allWithinDeadline());
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (RecoveryOrchestrator.NodeRun n : r.nodes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n.node);
            m.put("outcome", n.outcome);
            m.put("attempts", n.attempts);
            m.put("power_on_s", round(n.powerOnAt));
            m.put("bmc_on_s", round(n.bmcOnAt));
            m.put("ssh_up_s", round(n.sshUpAt));
            m.put("ready_s", round(n.readyAt));
            m.put("load_s", round(n.loadSeconds));
            m.put("message", n.message);
            nodes.add(m);
        }
        doc.put("nodes", nodes);
        return doc;
    }

    private static Double round(Double d) {
        return d == null ? null : Math.round(d * 100) / 100.0;
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

    private int plan(CommandContext ctx, List<Node> nodes, Map<String, Double> history, Duration nodeT, int parallel) {
        double unknown = nodeT.toSeconds() / 2.0;
        double[] slots = new double[Math.min(parallel, Math.max(1, nodes.size()))];
        Table t = new Table("ORDER", "NODE", "EXPECTED LOAD", "STARTS AT");
        int i = 1;
        for (Node n : nodes) {
            int k = 0;
            for (int j = 1; j < slots.length; j++) {
                if (slots[j] < slots[k]) {
                    k = j;
                }
            }
            double load = history.getOrDefault(n.name(), unknown);
            t.row(i++, n.name(), String.format(Locale.ROOT, "%.1fs%s", load, history.containsKey(n.name()) ? "" : " (never seen)"),
                    String.format(Locale.ROOT, "%.1fs", slots[k]));
            slots[k] += load;
        }
        double makespan = 0;
        for (double s : slots) {
            makespan = Math.max(makespan, s);
        }
        ctx.out().print(t.render());
        ctx.out().printf(Locale.ROOT, "dry run: %d nodes, %d at once: about %.1fs; nothing was touched%n", nodes.size(), parallel, makespan);
        ctx.out().flush();
        return 0;
    }

    private static Map<String, Double> loadTimes(Path state) {
        Path f = state.resolve("load-times.json");
        try {
            return Files.exists(f) ? new HashMap<>(Yaml.jsonMapper().readValue(Files.readString(f), new TypeReference<Map<String, Double>>() { }))
                    : new HashMap<>();
        } catch (IOException e) {
            return new HashMap<>();
        }
    }

    private static Duration duration(String s, String flag) {
        try {
            return Durations.parse(s);
        } catch (IllegalArgumentException e) {
            throw new UsageException(flag + ": " + e.getMessage());
        }
    }
}
