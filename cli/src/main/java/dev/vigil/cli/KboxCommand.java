package dev.vigil.cli;

import dev.vigil.kbox.KboxCollection;
import dev.vigil.kbox.Since;
import dev.vigil.kbox.netconsole.NetconsoleListen;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

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
            return output.emit(context(), title(), result);
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
            NetconsoleListen.run(ctx.session(), new NetconsoleListen.Request(bind, port, dir), line -> {
                synchronized (ctx.out()) {
                    ctx.out().println(line);
                    ctx.out().flush();
                }
            }, line -> {
                ctx.err().println("vigil: " + line);
                ctx.err().flush();
            });
            return 0;
        }
    }
}
