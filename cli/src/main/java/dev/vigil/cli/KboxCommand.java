package dev.vigil.cli;

import dev.vigil.core.error.UsageException;
import dev.vigil.core.fleet.NodeResult;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Table;
import dev.vigil.kbox.KboxCollection;
import dev.vigil.kbox.KboxCollector;
import dev.vigil.kbox.Since;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code vigil kbox collect|listen}: the black box. */
@Command(name = "kbox", mixinStandardHelpOptions = true,
        description = {"Collect the black box: crash records from the nodes, and netconsole messages as they come.", "Kbox records, pstore, kdump and the previous boot's kernel log."},
        subcommands = {KboxCommand.Collect.class, KboxCommand.Listen.class})
final class KboxCommand extends GroupCommand {

    @Command(name = "collect", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Fetch the crash records of every selected node.",
                    "Kbox records, pstore, kdump output (vmcore only with --include-vmcore, under a size cap) and the previous boot's kernel log. Records already",
                    "collected (same sha256) are not fetched again. Each record gets a crash summary; INDEX.txt lists all."})
    static final class Collect extends ContextCommand implements Callable<Integer>, Vigil.NagiosAware {
        @picocli.CommandLine.Mixin
        FormatOption output = new FormatOption();

        @Override
        public boolean nagiosOutput() {
            return "nagios".equals(output.format);
        }

        @Option(names = "--since", paramLabel = "DURATION|TIME", description = "Only records changed since then (e.g. 24h).")
        String since;

        @Option(names = "--out", paramLabel = "DIR", description = "Where records go. Default: <state dir>/kbox.")
        Path out;

        @Option(names = "--include-vmcore", description = "Also fetch vmcore files (under kbox.vmcore_max_bytes).")
        boolean includeVmcore;

        @Option(names = "--clear-pstore", description = "Remove pstore records from the node once they are stored and verified.")
        boolean clearPstore;

        @Override
        public Integer call() throws IOException {
            CommandContext ctx = context();
            KboxCollection.Result result = KboxCollection.run(ctx.session(),
                    new KboxCollection.Request(Since.parse(since, "--since"), out, includeVmcore, clearPstore));
            return output.emit(context(), title(), result, () -> Renderers.text(out -> {
                Table t = new Table("NODE", "OUTCOME", "NEW", "KNOWN", "CLEARED", "MESSAGE");
                for (NodeResult<KboxCollector.NodeReport> r : result.nodes()) {
                    KboxCollector.NodeReport v = r.value();
                    t.row(r.node().name(), r.outcome().label(), v == null ? "-" : v.fresh().size(), v == null ? "-" : v.known(),
                            v == null ? "-" : v.cleared(), r.message() == null ? "" : r.message());
                }
                out.print(t.render());
                for (NodeResult<KboxCollector.NodeReport> r : result.nodes()) {
                    if (r.value() == null) {
                        continue;
                    }
                    for (KboxCollector.Collected c : r.value().fresh()) {
                        out.println("new: " + r.node().name() + " " + c.kind() + " " + dev.vigil.core.text.Printable.line(c.source())
                                + (c.summary() == null ? "" : "\n     " + dev.vigil.core.text.Printable.line(c.summary().oneLine())));
                    }
                }
                out.println(result.fresh() + " new records; index: " + result.dir().resolve("INDEX.txt"));
            }));
        }
    }

    @Command(name = "listen", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Receive the kernel messages that nodes send with netconsole over UDP.",
                    "Plain or extended format; one log file per sender, lost messages counted from sequence gaps, a panic or Oops raises an alarm",
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
