package dev.vigil.cli;

import dev.vigil.core.config.Durations;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.fleet.FleetRunner;
import dev.vigil.core.fleet.NodeResult;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Outcome;
import dev.vigil.core.result.Table;
import dev.vigil.core.transport.Connections;
import dev.vigil.kbox.KboxCollector;
import dev.vigil.kbox.KboxConfig;
import dev.vigil.kbox.RecordIndex;
import dev.vigil.kbox.netconsole.NetconsoleReceiver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code vigil kbox collect|listen}: the black box. */
@Command(name = "kbox", mixinStandardHelpOptions = true,
        description = "Black-box (Kbox) crash context: collect crash records from the nodes, receive netconsole messages.",
        subcommands = {KboxCommand.Collect.class, KboxCommand.Listen.class})
final class KboxCommand extends GroupCommand {

    /** "2h" (that long ago) or an ISO time ("2026-11-21T08:00:00Z"). */
    static Instant since(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.now().minus(Durations.parse(text));
        } catch (IllegalArgumentException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (RuntimeException e2) {
                throw new UsageException("--since: '" + text + "' is neither a duration (2h, 30m) nor a time (2026-11-21T08:00:00Z)");
            }
        }
    }

    @Command(name = "collect", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Fetch the crash records of every selected node: Kbox records, pstore, kdump output (vmcore only",
                    "with --include-vmcore, under a size cap), the previous boot's kernel log. Records already",
                    "collected (same sha256) are not fetched again. Each record gets a crash summary; INDEX.txt lists all."})
    static final class Collect extends ContextCommand implements Callable<Integer> {

        @Option(names = "--since", paramLabel = "DURATION|TIME", description = "Only records changed since then (e.g. 24h).")
        String since;

        @Option(names = "--out", paramLabel = "DIR", description = "Where records go. Default: <state dir>/kbox.")
        Path out;

        @Option(names = "--include-vmcore", description = "Also fetch vmcore files (under kbox.vmcore_max_bytes).")
        boolean includeVmcore;

        @Option(names = "--clear-pstore", description = "Remove pstore records from the node once they are stored and verified.")
        boolean clearPstore;

        @Option(names = "--format", paramLabel = "FORMAT", description = "table or json. Default: table.")
        OutputFormat format = OutputFormat.TABLE;

        @Override
        public Integer call() throws IOException {
            CommandContext ctx = context();
            KboxConfig cfg = KboxConfig.load(ctx.configPath());
            List<Node> nodes = ctx.selectedNodes();
            Path dir = out != null ? out : ctx.stateDir().root().resolve("kbox");
            ctx.stateDir();
            dev.vigil.core.state.PrivateFiles.dirs(dir);
            RecordIndex index = RecordIndex.load(dir);
            KboxCollector collector = new KboxCollector(cfg, index, dir,
                    new KboxCollector.Options(since(since), includeVmcore, clearPstore, ctx.commandTimeout()));
            List<NodeResult<KboxCollector.NodeReport>> results;
            try (Connections connections = ctx.connections(nodes, false);
                 Interruption ignored = Interruption.closes(connections)) {
                FleetRunner fleet = ctx.fleet(connections, ctx.commandTimeout().multipliedBy(3), ctx.progress("kbox"));
                results = fleet.run(nodes, (node, t) -> collector.collect(node, t), new FleetRunner.Judge<>() {
                    @Override
                    public Outcome outcome(KboxCollector.NodeReport r) {
                        return r.errors().isEmpty() ? Outcome.OK : Outcome.FAILED;
                    }

                    @Override
                    public String message(KboxCollector.NodeReport r) {
                        return String.join("; ", r.errors());
                    }
                });
            }
            index.save();
            if (format == OutputFormat.JSON) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (NodeResult<KboxCollector.NodeReport> r : results) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", r.node().name());
                    m.put("outcome", r.outcome().label());
                    m.put("new", r.value() == null ? List.of() : r.value().fresh());
                    m.put("already_collected", r.value() == null ? null : r.value().known());
                    m.put("cleared_from_pstore", r.value() == null ? null : r.value().cleared());
                    m.put("message", r.message());
                    rows.add(m);
                }
                ctx.out().println(Renderers.json(rows));
            } else {
                Table t = new Table("NODE", "OUTCOME", "NEW", "KNOWN", "CLEARED", "MESSAGE");
                for (NodeResult<KboxCollector.NodeReport> r : results) {
                    KboxCollector.NodeReport v = r.value();
                    t.row(r.node().name(), r.outcome().label(), v == null ? "-" : v.fresh().size(), v == null ? "-" : v.known(),
                            v == null ? "-" : v.cleared(), r.message() == null ? "" : r.message());
                }
                ctx.out().print(t.render());
                for (NodeResult<KboxCollector.NodeReport> r : results) {
                    if (r.value() == null) {
                        continue;
                    }
                    for (KboxCollector.Collected c : r.value().fresh()) {
                        ctx.out().println("new: " + r.node().name() + " " + c.kind() + " " + dev.vigil.core.text.Printable.line(c.source())
                                + (c.summary() == null ? "" : "\n     " + dev.vigil.core.text.Printable.line(c.summary().oneLine())));
                    }
                }
                long fresh = results.stream().filter(r -> r.value() != null).mapToLong(r -> r.value().fresh().size()).sum();
                ctx.out().println(fresh + " new records; index: " + dir.resolve("INDEX.txt"));
            }
            ctx.out().flush();
            return Renderers.exitCode(results);
        }
    }

    @Command(name = "listen", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Receive kernel messages that nodes send with netconsole (plain or extended format) over UDP:",
                    "one log file per sender, lost messages counted from sequence gaps, a panic or Oops raises an alarm",
                    "and is stored as a crash record. Runs in the foreground; SIGTERM or Ctrl-C flushes and exits."})
    static final class Listen extends ContextCommand implements Callable<Integer> {

        @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on. Default: 0.0.0.0.")
        String bind = "0.0.0.0";

        @Option(names = "--port", paramLabel = "PORT", description = "UDP port. Default: kbox.listen.port, 6666.")
        Integer port;

        @Option(names = "--dir", paramLabel = "DIR", description = "Where the per-node logs go. Default: <state dir>/kbox/netconsole.")
        Path dir;

        @Override
        public Integer call() throws IOException, InterruptedException {
            CommandContext ctx = context();
            KboxConfig cfg = KboxConfig.load(ctx.configPath());
            int p = port != null ? port : cfg.listen().port();
            if (p < 0 || p > 65535) {
                throw new UsageException("--port " + p + " is out of range (0-65535; netconsole's default is 6666)");
            }
            Path state = ctx.stateDir().root();
            Path logs = dir != null ? dir : state.resolve("kbox").resolve("netconsole");
            Map<String, String> byAddress = new LinkedHashMap<>();
            for (Node n : ctx.inventory().nodes()) {
                byAddress.put(n.address(), n.name());
            }
            dev.vigil.core.state.PrivateFiles.dirs(state.resolve("kbox"));
            RecordIndex records = RecordIndex.load(state.resolve("kbox"));
            NetconsoleReceiver receiver = new NetconsoleReceiver(logs, byAddress, cfg.listen().rotateBytes(), cfg.listen().keep(),
                    state.resolve("alarms").resolve("active.json"), records, line -> {
                        synchronized (ctx.out()) {
                            ctx.out().println(line);
                            ctx.out().flush();
                        }
                    });
            DatagramSocket socket;
            try {
                socket = new DatagramSocket(null);
                socket.setReceiveBufferSize(16 * 1024 * 1024);
                socket.bind(new InetSocketAddress(InetAddress.getByName(bind), p));
            } catch (IOException | IllegalArgumentException e) {
                throw new UsageException("cannot listen on " + bind + ":" + p + ": " + e.getMessage());
            }
            CountDownLatch done = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                receiver.stop();
                try {
                    done.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "vigil-listen-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            ctx.err().println("vigil: listening on " + bind + ":" + socket.getLocalPort() + " (udp), writing to " + logs);
            ctx.err().flush();
            try {
                receiver.run(socket);
            } finally {
                socket.close();
                receiver.stats().forEach((sender, s) -> ctx.err().printf("vigil: %s: %d received, %d lost, %d malformed, %d duplicates%n",
                        sender, s[0], s[1], s[2], s[3]));
                ctx.err().flush();
                done.countDown();
            }
            return 0;
        }
    }
}
