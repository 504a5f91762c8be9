package dev.vigil.cli;

import dev.vigil.core.fleet.FleetRunner;
import dev.vigil.core.fleet.NodeResult;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.ExitCode;
import dev.vigil.core.result.Outcome;
import dev.vigil.core.result.Status;
import dev.vigil.core.transport.Connections;
import dev.vigil.kbox.KboxConfig;
import dev.vigil.kbox.collect.Bundle;
import dev.vigil.kbox.collect.FaultCollector;
import dev.vigil.kbox.collect.ManifestEntry;
import dev.vigil.kbox.collect.Profile;
import dev.vigil.kbox.collect.Redactor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code vigil collect --profile NAME}: one-click fault collection into one archive. */
@Command(name = "collect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"One-click fault collection: what support needs for a kind of fault, in one archive.",
                "From the selected nodes into one .tar.gz: <node>/<item> files, manifest.json (every item: source, times, exit status, bytes, sha256, truncated,",
                "error) and SUMMARY.txt. Every profile also gathers the environment, system logs of the window,",
                "virtualization facts and black-box records. The run always completes and always writes the archive."},
        footer = {"", "Shipped profiles: node-down, vm-crash, storage, network, management, clock, all."})
final class CollectCommand extends ContextCommand implements Callable<Integer> {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);


    @Option(names = "--profile", required = true, paramLabel = "NAME|FILE", description = "A shipped profile, one in --profile-dir, or a YAML file.")
    String profile;

    @Option(names = "--profile-dir", paramLabel = "DIR", description = "Where your own profiles are (NAME.yaml).")
    Path profileDir;

    @Option(names = "--since", paramLabel = "DURATION|TIME", description = "System logs since then. Default: 2h.")
    String since = "2h";

    @Option(names = "--redact", description = "Mask passwords, keys and tokens in what is collected.")
    boolean redact;

    @Option(names = "--redact-hosts", description = "Also replace IP addresses and node names consistently; the mapping is written beside the archive, never in it.")
    boolean redactHosts;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the archive goes. Default: <state dir>/collect.")
    Path out;

    @Override
    public Integer call() throws IOException {
        CommandContext ctx = context();
        Profile p = Profile.load(profile, profileDir);
        KboxConfig kbox = KboxConfig.load(ctx.configPath());
        List<Node> nodes = ctx.selectedNodes();
        Path state = ctx.stateDir().root();
        Path dir = out != null ? dev.vigil.core.state.OutputPaths.directory(out, "--out") : state.resolve("collect");
        Instant start = Instant.now();
        Instant from = KboxCommand.since(since);
        String name = "vigil-collect-" + p.name() + "-" + STAMP.format(start);
        Path staging = Files.createTempDirectory(dev.vigil.core.state.PrivateFiles.dirs(dir), "." + name + ".");
        Redactor redactor = null;
        if (redact || redactHosts) {
            List<String> names = new ArrayList<>();
            ctx.inventory().nodes().forEach(n -> {
                names.add(n.name());
                names.add(n.address());
            });
            redactor = new Redactor(redactHosts, names);
        }
        try {
            FaultCollector collector = new FaultCollector(p, kbox, from, staging, redactor);
            List<NodeResult<List<ManifestEntry>>> results;
            Duration perNode = ctx.commandTimeout().multipliedBy(2);
            try (Connections connections = ctx.connections(nodes, false);
                 Interruption ignored = Interruption.closes(connections)) {
                FleetRunner fleet = ctx.fleet(connections, perNode, ctx.progress("collect"));
                results = fleet.run(nodes, collector::collect, v -> Outcome.OK);
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
            }
            Path alarms = state.resolve("alarms").resolve("active.json");
            if (Files.isRegularFile(alarms)) {
                String text = Files.readString(alarms, StandardCharsets.UTF_8);
                Files.writeString(staging.resolve("alarms.json"), redactor == null ? text : redactor.redact(text));
            }
            String summary = Bundle.summary(p.name(), p.description(), start.toString(), Instant.now().toString(), from.toString(),
                    nodes.stream().map(Node::name).toList(), unreachable, entries, staging, redactor);
            Path archive = Bundle.write(dir.resolve(name + ".tar.gz"), staging, entries, summary, redactor);
            if (redactor != null && !redactor.mapping().isEmpty()) {
                Path mapping = dir.resolve(name + ".mapping.json");
                dev.vigil.core.state.AtomicFiles.write(mapping, Renderers.json(redactor.mapping()).getBytes(StandardCharsets.UTF_8));
                ctx.err().println("vigil: host/IP mapping (keep it apart from the archive): " + mapping);
            }
            ctx.out().print(summary.lines().limit(4).reduce("", (a, b) -> a + b + "\n"));
            ctx.out().println("archive: " + archive);
            ctx.out().flush();
            boolean itemProblems = entries.stream().anyMatch(e -> e.status().equals("error") || e.status().equals("timed-out"));
            List<Status> statuses = new ArrayList<>();
            statuses.add(itemProblems ? Status.WARN : Status.OK);
            // an unreachable node is UNKNOWN; a rejected host key (a possible attack) or failed login is CRIT
            results.stream().filter(r -> r.value() == null).forEach(r -> statuses.add(r.outcome().status()));
            Status worst = Status.worst(statuses);
            return ExitCode.forStatus(worst).code();
        } finally {
            try (Stream<Path> s = Files.walk(staging)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
