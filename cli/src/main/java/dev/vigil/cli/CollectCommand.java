package dev.vigil.cli;

import dev.vigil.kbox.Since;
import dev.vigil.kbox.collect.FaultCollection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code vigil collect --profile NAME}: one-click fault collection into one archive. */
@Command(name = "collect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Collect what support needs for a kind of fault into one archive, in one command.",
                "From the selected nodes into one .tar.gz: <node>/<item> files, manifest.json (every item: source, times, exit status, bytes, sha256, truncated,",
                "error) and SUMMARY.txt. Every profile also gathers the environment, system logs of the window,",
                "virtualization facts and black-box records. The run always completes and always writes the archive."},
        footer = {"", "Shipped profiles: node-down, vm-crash, storage, network, management, clock, all."})
final class CollectCommand extends ContextCommand implements Callable<Integer>, Vigil.NagiosAware {
    @picocli.CommandLine.Mixin
    FormatOption output = new FormatOption();

    @Override
    public boolean nagiosOutput() {
        return "nagios".equals(output.format);
    }

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

    @Option(names = "--alarms", description = "A node whose items could not all be collected (or that was not reached) is a warning alarm.")
    boolean alarms;

    @Override
    public Integer call() throws IOException {
        CommandContext ctx = context();
        FaultCollection.Result r = FaultCollection.run(ctx.session(),
                new FaultCollection.Request(profile, profileDir, Since.parse(since, "--since"), redact, redactHosts, out, alarms));
        if (r.mapping() != null) {
            ctx.err().println("vigil: host/IP mapping (keep it apart from the archive): " + r.mapping());
        }
        return output.emit(ctx, title(), r);
    }
}
