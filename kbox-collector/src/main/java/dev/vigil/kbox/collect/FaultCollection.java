package dev.vigil.kbox.collect;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.vigil.core.config.Yaml;
import dev.vigil.core.bmc.BmcReaders;
import dev.vigil.core.fleet.FleetRunner;
import dev.vigil.core.fleet.NodeResult;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Outcome;
import dev.vigil.core.result.RunResult;
import dev.vigil.core.result.Status;
import dev.vigil.core.session.Session;
import dev.vigil.core.state.AtomicFiles;
import dev.vigil.core.state.OutputPaths;
import dev.vigil.core.state.PrivateFiles;
import dev.vigil.core.state.StateDir;
import dev.vigil.core.transport.Connections;
import dev.vigil.core.transport.Interruption;
import dev.vigil.kbox.KboxConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The use case behind {@code vigil collect} and the {@code collect} action: one-click fault collection
 * from the selected nodes into one archive, which is always written, whatever failed.
 *
 * <p>Status: OK when every item was collected; WARN when an item could not be (status error or
 * timed-out); a node not reached is its outcome's status (UNKNOWN, or CRIT for a rejected host key or
 * failed login). An item whose command ran and exited non-zero ({@code failed}) is collected: its
 * output and exit status are what support reads, as sos records a plugin command that returned non-zero.
 */
public final class FaultCollection {

    private FaultCollection() {
    }

    /**
     * profile: a shipped name, one in profileDir, or a YAML file; since: system logs since then; out: where the
     * archive goes (null: the state dir's collect); redact: mask secrets; redactHosts: also names and addresses.
     */
    /** alarms: a node whose items could not all be collected (or that was not reached) is a warning alarm; a full collection clears it. */
    public record Request(String profile, Path profileDir, Instant since, boolean redact, boolean redactHosts, Path out, boolean alarms) {
        public Request(String profile, Path profileDir, Instant since, boolean redact, boolean redactHosts, Path out) {
            this(profile, profileDir, since, redact, redactHosts, out, false);
        }
    }

    /** mapping: the host/IP mapping written beside the archive (never in it), or null. */
    public record Result(String profile, String archive, String mapping, String summaryText, List<String> nodes, List<Bundle.Unreachable> unreachable,
                         @JsonIgnore List<ManifestEntry> entries, Status status) implements RunResult {
        /** The head of the bundle's SUMMARY.txt, and where the archive is. */
        @Override
        public String text(String title) {
            return summaryText.lines().limit(4).reduce("", (a, b) -> a + b + "\n") + "archive: " + archive + "\n";
        }

        @Override
        public String summary() {
            long problems = entries.stream().filter(FaultCollection::isProblem).count();
            return nodes.size() + (nodes.size() == 1 ? " node" : " nodes") + ", " + entries.size() + " items" + (problems > 0 ? ", " + problems
                    + " not collected" : "") + (unreachable.isEmpty() ? "" : ", " + unreachable.size() + " unreachable") + "; archive " + archive;
        }
    }

    /** Per node, item "collect NAME": warning when something could not be collected or the node was not reached; else good. */
    private static void alarms(Session session, Result r, Path archive) {
        List<dev.vigil.core.alarm.Observation> scan = new ArrayList<>();
        String item = "collect " + r.profile();
        for (String node : r.nodes()) {
            long problems = r.entries().stream().filter(e -> e.node().equals(node)).filter(FaultCollection::isProblem).count();
            Bundle.Unreachable u = r.unreachable().stream().filter(x -> x.node().equals(node)).findFirst().orElse(null);
            scan.add(u != null ? dev.vigil.core.alarm.Observation.bad("collect", node, item, "warning", "not reached: " + u.message(), Map.of(),
                    archive.toString())
                    : problems > 0 ? dev.vigil.core.alarm.Observation.bad("collect", node, item, "warning", problems + " items could not be collected",
                    Map.of(), archive.toString())
                    : dev.vigil.core.alarm.Observation.good("collect", node, item, "collected"));
        }
        dev.vigil.core.alarm.Alarms.feed(session, scan);
    }

    static boolean isProblem(ManifestEntry e) {
        return e.status().equals("error") || e.status().equals("timed-out");
    }

    /** The BMC items of every node, a few BMCs at a time (each read has the BMC timeout), nodes down included. */
    private static Map<String, List<ManifestEntry>> outOfBand(FaultCollector collector, List<Node> nodes, BmcReaders bmc) {
        Map<String, List<ManifestEntry>> out = new java.util.concurrent.ConcurrentHashMap<>();
        List<Runnable> reads = new ArrayList<>();
        nodes.forEach(n -> reads.add(() -> out.put(n.name(), collector.collectOutOfBand(n, bmc))));
        dev.vigil.core.fleet.Parallel.runAll(reads, 8, "bmc-collect");
        return out;
    }

    public static Result run(Session session, Request request) throws IOException {
        Profile p = Profile.load(request.profile(), request.profileDir());
        KboxConfig kbox = KboxConfig.load(session.configPath());
        List<Node> nodes = session.selectedNodes();
        Path state = session.stateDir().root();
        Path dir = request.out() != null ? OutputPaths.directory(request.out(), "--out") : new StateDir(state).collect();
        Instant start = Instant.now();
        Instant from = request.since() != null ? request.since() : start.minus(Duration.ofHours(2));
        String name = "vigil-collect-" + p.name() + "-" + dev.vigil.core.text.Stamps.seconds(start);
        Path staging = Files.createTempDirectory(PrivateFiles.dirs(dir), "." + name + ".");
        Redactor redactor = null;
        if (request.redact() || request.redactHosts()) {
            List<String> names = new ArrayList<>();
            session.inventory().nodes().forEach(n -> {
                names.add(n.name());
                names.add(n.address());
            });
            redactor = new Redactor(request.redactHosts(), names);
        }
        try {
            FaultCollector collector = new FaultCollector(p, kbox, from, staging, redactor);
            List<NodeResult<List<ManifestEntry>>> results;
            Duration perNode = session.commandTimeout().multipliedBy(2);
            // the BMCs are read from the controller beside the SSH collection, not after it: neither waits for the other
            java.util.concurrent.CompletableFuture<Map<String, List<ManifestEntry>>> outOfBandRead = collector.readsBmc()
                    ? java.util.concurrent.CompletableFuture.supplyAsync(() -> outOfBand(collector, nodes, BmcReaders.installed(session)),
                            r -> { Thread t = new Thread(r, "bmc-collect-start"); t.setDaemon(true); t.start(); })
                    : java.util.concurrent.CompletableFuture.completedFuture(Map.of());
            try (Connections connections = session.connections(nodes, false);
                 Interruption ignored = Interruption.closes(connections)) {
                FleetRunner fleet = session.fleet(connections, perNode, session.progress("collect"));
                results = fleet.run(nodes, collector::collect, v -> Outcome.OK);
            }
            Map<String, List<ManifestEntry>> outOfBand;
            try {
                outOfBand = outOfBandRead.join();
            } catch (java.util.concurrent.CompletionException e) {
                // what the reads refused (a BMC password not set, say) is the same usage error it was when read in line
                throw e.getCause() instanceof RuntimeException re ? re : e;
            }
            List<ManifestEntry> entries = new ArrayList<>();
            List<Bundle.Unreachable> unreachable = new ArrayList<>();
            for (NodeResult<List<ManifestEntry>> r : results) {
                if (r.value() != null) {
                    entries.addAll(r.value());
                } else {
                    unreachable.add(new Bundle.Unreachable(r.node().name(), r.outcome().label(), r.message()));
                    entries.add(new ManifestEntry(r.node().name(), "(node)", r.node().address(), null, start.toString(),
                            Instant.now().toString(), null, 0, null, false, r.outcome().label(), r.message()));
                }
                entries.addAll(outOfBand.getOrDefault(r.node().name(), List.of()));
            }
            Path alarms = new StateDir(state).activeAlarms();
            if (Files.isRegularFile(alarms)) {
                String text = Files.readString(alarms, StandardCharsets.UTF_8);
                Files.writeString(staging.resolve("alarms.json"), redactor == null ? text : redactor.redact(text));
            }
            String summary = Bundle.summary(p.name(), p.description(), start.toString(), Instant.now().toString(), from.toString(),
                    nodes.stream().map(Node::name).toList(), unreachable, entries, staging, redactor);
            Path archive = Bundle.write(dir.resolve(name + ".tar.gz"), staging, entries, summary, redactor);
            Path mapping = null;
            if (redactor != null && !redactor.mapping().isEmpty()) {
                mapping = dir.resolve(name + ".mapping.json");
                AtomicFiles.write(mapping, Yaml.jsonMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(redactor.mapping()));
            }
            List<Status> statuses = new ArrayList<>();
            statuses.add(entries.stream().anyMatch(FaultCollection::isProblem) ? Status.WARN : Status.OK);
            // an unreachable node is UNKNOWN; a rejected host key (a possible attack) or failed login is CRIT
            results.stream().filter(r -> r.value() == null).forEach(r -> statuses.add(r.outcome().status()));
            Result done = new Result(p.name(), archive.toString(), mapping == null ? null : mapping.toString(), summary,
                    nodes.stream().map(Node::name).toList(), unreachable, entries, Status.worst(statuses));
            if (request.alarms()) {
                alarms(session, done, archive);
            }
            return done;
        } finally {
            try (Stream<Path> s = Files.walk(staging)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
