package dev.vigil.power;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.core.config.Durations;
import dev.vigil.core.config.Yaml;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Finding;
import dev.vigil.core.result.RunResult;
import dev.vigil.core.result.Status;
import dev.vigil.core.result.Table;
import dev.vigil.core.session.Session;
import dev.vigil.core.state.AtomicFiles;
import dev.vigil.core.transport.Connections;
import dev.vigil.core.transport.SshOptions;
import dev.vigil.core.transport.Transport;
import dev.vigil.core.transport.TransportException;
import dev.vigil.healthcheck.HealthcheckConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The use case behind {@code vigil power recover} and the {@code power-recover} action: after an
 * outage, every selected node powered on and waited for until loaded, a sliding window of
 * {@code parallel}; the load-time history (for longest-first and the dry-run plan), the journal
 * (for --resume), the readiness probe and the report kept beside the journal.
 */
public final class PowerRecovery {

    private PowerRecovery() {
    }

    /**
     * nodeTimeout: one node's power-on to loaded (null: 5m); deadline: everything (null: 2h); order:
     * inventory or longest-first; readyCommand: null for the health check's process check; resume: a
     * run id or journal file to continue, else null.
     */
    public record Request(Duration nodeTimeout, Duration deadline, int retries, String order, String readyCommand, String resume,
                          Duration stagger, Map<String, Integer> maxPer) {
        /** The gap between two power commands when none is asked for: a breaker sees one inrush at a time. */
        public static final Duration DEFAULT_STAGGER = Duration.ofSeconds(1);

        public Request {
            nodeTimeout = nodeTimeout == null ? Duration.ofMinutes(5) : nodeTimeout;
            deadline = deadline == null ? Duration.ofHours(2) : deadline;
            order = order == null ? "inventory" : order;
            stagger = stagger == null ? DEFAULT_STAGGER : stagger;
            maxPer = Map.copyOf(maxPer == null ? Map.of() : maxPer);
            if (retries < 0) {
                throw new UsageException("--retries must be at least 0");
            }
            if (stagger.isNegative()) {
                throw new UsageException("--stagger must not be negative");
            }
        }

        public Request(Duration nodeTimeout, Duration deadline, int retries, String order, String readyCommand, String resume) {
            this(nodeTimeout, deadline, retries, order, readyCommand, resume, null, null);
        }

        /**
         * The label limits from "LABEL=N" items (each may hold several, comma-separated: "pdu=4,rack=10");
         * a malformed item, N below 1 or a label given twice is a usage error.
         */
        public static Map<String, Integer> parseMaxPer(List<String> items) {
            Map<String, Integer> out = new LinkedHashMap<>();
            for (String item : items == null ? List.<String>of() : items) {
                for (String one : item.split(",", -1)) {
                    String t = one.strip();
                    int eq = t.indexOf('=');
                    String label = eq < 0 ? "" : t.substring(0, eq).strip();
                    String n = eq < 0 ? "" : t.substring(eq + 1).strip();
                    if (label.isEmpty() || !label.matches("[A-Za-z0-9_.-]+") || !n.matches("[0-9]{1,6}") || Integer.parseInt(n) < 1) {
                        throw new UsageException("--max-per must be LABEL=N with N at least 1 (e.g. pdu=4), not '" + t + "'");
                    }
                    if (out.put(label, Integer.parseInt(n)) != null) {
                        throw new UsageException("--max-per gives the label '" + label + "' twice");
                    }
                }
            }
            return out;
        }

        /** "power commands 1s apart, at most 4 per pdu", for summaries and the live view. */
        public String limits() {
            StringBuilder b = new StringBuilder(stagger.isZero() ? "power commands not staggered"
                    : "power commands " + Durations.format(stagger) + " apart");
            maxPer.forEach((k, v) -> b.append(", at most ").append(v).append(" per ").append(k));
            return b.toString();
        }

        RecoveryOrchestrator.Order parsedOrder() {
            return switch (order) {
                case "inventory" -> RecoveryOrchestrator.Order.INVENTORY;
                case "longest-first" -> RecoveryOrchestrator.Order.LONGEST_FIRST;
                default -> throw new UsageException("--order must be inventory or longest-first, not '" + order + "'");
            };
        }
    }

    /** One row of the dry-run plan: the node, its expected load (from history, else half the node timeout) and when it would start. */
    public record PlannedNode(int order, String node, double expectedLoadSeconds, boolean seenBefore, double startsAtSeconds) {
    }

    /** The dry run's answer: the order, each node's expected load and start, and the estimate; nothing was touched. */
    public record Plan(List<PlannedNode> nodes, int parallel, double makespanSeconds, String limits) implements RunResult {
        @Override
        public Status status() {
            return Status.OK;
        }

        @Override
        public String summary() {
            return String.format(Locale.ROOT, "dry run: %d nodes, %d at once, %s: about %.1fs; nothing was touched", nodes.size(), parallel, limits,
                    makespanSeconds);
        }

        @Override
        public List<Finding> findings(String item) {
            return nodes.stream().map(n -> new Finding(n.node(), item, Status.OK, String.format(Locale.ROOT, "order %d, expected load %.1fs, starts at %.1fs",
                    n.order(), n.expectedLoadSeconds(), n.startsAtSeconds()), List.of(), List.of(), 0)).toList();
        }

        @Override
        public String text(String title) {
            Table t = new Table("ORDER", "NODE", "EXPECTED LOAD", "STARTS AT");
            for (PlannedNode n : nodes) {
                t.row(n.order(), n.node(), String.format(Locale.ROOT, "%.1fs%s", n.expectedLoadSeconds(), n.seenBefore() ? "" : " (never seen)"),
                        String.format(Locale.ROOT, "%.1fs", n.startsAtSeconds()));
            }
            return t.render() + summary() + "\n";
        }
    }

    public record Result(String runId, Path journal, @JsonIgnore RecoveryOrchestrator.RecoveryReport report) implements RunResult {
        @Override
        public String text(String title) {
            Table t = new Table("NODE", "OUTCOME", "ATTEMPTS", "POWER-ON", "BMC-ON", "SSH-UP", "READY", "LOAD", "MESSAGE");
            for (RecoveryOrchestrator.NodeRun r : report.nodes()) {
                t.row(r.node, r.outcome, r.attempts, secs(r.powerOnAt), secs(r.bmcOnAt), secs(r.sshUpAt), secs(r.readyAt), secs(r.loadSeconds),
                        r.message == null ? "" : r.message);
            }
            return t.render() + summary() + "\n";
        }

        private static String secs(Double d) {
            return d == null ? "-" : String.format(Locale.ROOT, "%.1fs", d);
        }

        /** CRIT when a node failed to load; UNKNOWN when some were not loaded but none failed (stopped, past the deadline). */
        @Override
        public Status status() {
            boolean allLoaded = report.nodes().stream().allMatch(r -> "loaded".equals(r.outcome));
            boolean anyFailed = report.nodes().stream().anyMatch(r -> "failed".equals(r.outcome));
            return allLoaded ? Status.OK : anyFailed ? Status.CRIT : Status.UNKNOWN;
        }

        @Override
        public String summary() {
            long loaded = report.nodes().stream().filter(n -> "loaded".equals(n.outcome)).count();
            return String.format(Locale.ROOT, "%d/%d loaded; every node within %s: %s; everything within %s: %s; makespan %.1fs, lower bound %.1fs (%.2fx)",
                    loaded, report.nodes().size(), Durations.format(report.nodeTimeout()), report.allWithinNodeTimeout() ? "yes" : "NO",
                    Durations.format(report.deadline()), report.allWithinDeadline() ? "yes" : "NO", report.makespanSeconds(), report.lowerBoundSeconds(),
                    report.lowerBoundSeconds() > 0 ? report.makespanSeconds() / report.lowerBoundSeconds() : 0.0);
        }

        @Override
        public List<Finding> findings(String item) {
            return report.nodes().stream().map(n -> new Finding(n.node, item, "loaded".equals(n.outcome) ? Status.OK : "failed".equals(n.outcome)
                    ? Status.CRIT : Status.UNKNOWN, n.message != null ? n.message : String.valueOf(n.outcome), List.of(), List.of(),
                    n.loadSeconds == null ? 0 : Math.round(n.loadSeconds * 1000))).toList();
        }

        /** run_id, start, end, parallel, makespan_s, lower_bound_s, the two verdicts, and per node its phases' times. */
        @JsonValue
        public Map<String, Object> document() {
            RecoveryOrchestrator.RecoveryReport r = report;
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("run_id", runId);
            doc.put("start", r.start().toString());
            doc.put("end", r.end().toString());
            doc.put("parallel", r.parallel());
            doc.put("stagger_s", r.stagger().toMillis() / 1000.0);
            doc.put("max_per", r.maxPer());
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
    }

    private static Double round(Double d) {
        return d == null ? null : Math.round(d * 100) / 100.0;
    }

    /** Everything a run or its dry run needs, checked before anything is touched. */
    private record Prepared(Path state, Map<String, Double> history, List<Node> nodes, Path journalFile, List<Journal.Entry> before,
                            PowerConfig cfg, Map<String, BmcDriver> drivers) {
    }

    private static Prepared prepare(Session session, Request request) throws IOException {
        RecoveryOrchestrator.Order ord = request.parsedOrder();
        Path state = session.stateDir().power();
        Map<String, Double> history = loadTimes(state);
        List<Node> nodes = RecoveryOrchestrator.order(session.selectedNodes(), ord, history);
        // the run asked for must exist before anything else is judged: an unknown run is the operator's typo, not a BMC problem
        Path journalFile;
        List<Journal.Entry> before = List.of();
        if (request.resume() != null) {
            journalFile = request.resume().endsWith(".jsonl") ? Path.of(request.resume()) : state.resolve("runs").resolve(request.resume() + ".jsonl");
            if (!Files.isRegularFile(journalFile)) {
                throw new UsageException("no recovery run '" + request.resume() + "' (journals are in " + state.resolve("runs") + ")");
            }
            before = Journal.read(journalFile);
        } else {
            journalFile = state.resolve("runs").resolve(dev.vigil.core.text.Stamps.seconds(Instant.now()) + ".jsonl");
        }
        // the dry run refuses what the real run refuses: a node without a BMC or without its password
        PowerConfig cfg = PowerConfig.load(session.configPath());
        for (String label : request.maxPer().keySet()) {
            if (nodes.stream().noneMatch(n -> n.vars().containsKey(label))) {
                throw new UsageException("--max-per " + label + "=" + request.maxPer().get(label) + ": no selected node has the label '" + label
                        + "' (set it in the inventory, e.g. labels: {" + label + ": a})");
            }
        }
        Map<String, BmcDriver> drivers = new LinkedHashMap<>();
        for (Node n : nodes) {
            drivers.put(n.name(), BmcDrivers.forNode(n, cfg, session.env()));
        }
        return new Prepared(state, history, nodes, journalFile, before, cfg, drivers);
    }

    /** The dry run: the order and the expected start of each node from the load-time history; nothing is touched. */
    public static Plan plan(Session session, Request request) throws IOException {
        Prepared p = prepare(session, request);
        int parallel = session.parallel();
        double unknown = request.nodeTimeout().toSeconds() / 2.0;
        List<WindowPlan.Item> items = new ArrayList<>();
        for (Node n : p.nodes()) {
            items.add(new WindowPlan.Item(n.name(), p.history().getOrDefault(n.name(), unknown), n.vars()));
        }
        List<WindowPlan.Slot> slots = WindowPlan.simulate(items, parallel, request.stagger().toMillis() / 1000.0, request.maxPer());
        List<PlannedNode> rows = new ArrayList<>();
        double makespan = 0;
        for (int i = 0; i < items.size(); i++) {
            WindowPlan.Item it = items.get(i);
            rows.add(new PlannedNode(i + 1, it.node(), it.loadSeconds(), p.history().containsKey(it.node()), slots.get(i).startSeconds()));
            makespan = Math.max(makespan, slots.get(i).endSeconds());
        }
        return new Plan(rows, parallel, makespan, request.limits());
    }

    /** The id a run will have (shown before it starts, for --resume), from the request. */
    public static String runId(Path journalFile) {
        return journalFile.getFileName().toString().replace(".jsonl", "");
    }

    /** started: told the run id and journal before anything is powered (the operator's handle for --resume). */
    public static Result run(Session session, Request request, RecoveryOrchestrator.Listener view, java.util.function.BiConsumer<String, Path> started)
            throws IOException, InterruptedException {
        Prepared p = prepare(session, request);
        int parallel = session.parallel();
        String runId = runId(p.journalFile());
        started.accept(runId, p.journalFile());
        SshOptions ssh = session.sshOptions(false);
        ProcessReadiness processes = new ProcessReadiness(HealthcheckConfig.forSession(session), session.stateDir().root());
        String readyCommand = request.readyCommand();
        Duration readyDeadline = session.commandTimeoutOr(Duration.ofSeconds(30));
        RecoveryOrchestrator.Readiness ready = node -> {
            // a fresh connection each time: the run-wide cache would remember the node as down
            try (Connections c = new Connections(ssh, session.env())) {
                Transport t = c.open(node);
                if (readyCommand == null && processes.expectsProcesses(node)) {
                    return processes.ready(node, t);
                }
                return t.exec(readyCommand == null ? "true" : readyCommand, readyDeadline).ok();
            } catch (TransportException e) {
                return false;
            }
        };
        RecoveryOrchestrator.RecoveryReport report;
        try (Journal journal = Journal.open(p.journalFile())) {
            RecoveryOrchestrator orchestrator = new RecoveryOrchestrator(new RecoveryOrchestrator.Options(parallel, request.nodeTimeout(),
                    request.deadline(), request.retries(), request.parsedOrder(), ssh.defaultPort() != null ? ssh.defaultPort() : 22, p.cfg(),
                    request.stagger(), request.maxPer()),
                    p.drivers(), ready, journal, view);
            Thread hook = new Thread(orchestrator::stop, "vigil-recover-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                report = orchestrator.run(p.nodes(), p.before());
            } finally {
                p.drivers().values().forEach(BmcDriver::close);
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // already stopping
                }
            }
        }
        Map<String, Double> history = p.history();
        for (RecoveryOrchestrator.NodeRun r : report.nodes()) {
            if (r.loadSeconds != null) {
                history.put(r.node, r.loadSeconds);
            }
        }
        AtomicFiles.write(p.state().resolve("load-times.json"), Yaml.jsonMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(new TreeMap<>(history)));
        Result result = new Result(runId, p.journalFile(), report);
        Path reportFile = p.state().resolve("runs").resolve(runId + ".report.json");
        AtomicFiles.write(reportFile, Yaml.jsonMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(result));
        alarms(session, result, reportFile);
        return result;
    }

    /**
     * A recovery always feeds the alarm store: a node that failed to load (critical) or was not loaded
     * (warning) is an alarm, one that loaded clears it; the platform's verdicts missed (every node within
     * the node timeout, everything within the deadline) are one more, of the pseudo-node "platform".
     */
    private static void alarms(Session session, Result result, Path reportFile) {
        List<dev.vigil.core.alarm.Observation> scan = new java.util.ArrayList<>(dev.vigil.core.alarm.Alarms.observations("power",
                result.findings("recovery"), java.util.Set.of(), reportFile.toString()));
        RecoveryOrchestrator.RecoveryReport r = result.report();
        String item = "recovery deadlines";
        scan.add(r.allWithinNodeTimeout() && r.allWithinDeadline()
                ? dev.vigil.core.alarm.Observation.good("power", "platform", item, result.summary())
                : dev.vigil.core.alarm.Observation.bad("power", "platform", item, "critical", result.summary(), Map.of(), reportFile.toString()));
        try {
            dev.vigil.core.alarm.Alarms.feed(session, scan);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(PowerRecovery.class).warn("recovery {}: cannot raise its alarms: {}", result.runId(), e.getMessage());
        }
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
}
