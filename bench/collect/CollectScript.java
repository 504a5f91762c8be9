import dev.vigil.core.inventory.Node;
import dev.vigil.core.transport.ShellQuote;
import dev.vigil.kbox.KboxConfig;
import dev.vigil.kbox.collect.FaultCollector;
import dev.vigil.kbox.collect.Profile;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints the shell script that does, on one node, what `vigil collect --profile P` gathers from it: every
 * item Vigil's own FaultCollector resolves for the node (commands with their output capped, file globs
 * with each file capped), written under a directory and sent back as one tar.gz on stdout. The
 * baseline of bench/collect.sh runs it over plain OpenSSH. Bench tooling only: compiled by the script
 * against the distribution's jars. Args: profile, config file or "-", group of the node.
 */
public class CollectScript {
    public static void main(String[] args) {
        Profile profile = Profile.load(args[0], null);
        KboxConfig kbox = args[1].equals("-") ? KboxConfig.defaults() : KboxConfig.load(Path.of(args[1]));
        Node node = new Node("node-3", "127.0.1.3", null, null, List.of(), false, Set.of(args[2]), Map.of(), null);
        FaultCollector c = new FaultCollector(profile, kbox, Instant.now().minusSeconds(86400), Path.of("/tmp"), null);
        StringBuilder sh = new StringBuilder();
        // the BMC readings the profile asks for, read from the controller (the bench runs ipmitool for each)
        profile.items().stream().filter(i -> i.bmc() != null).forEach(i -> sh.append("# bmc: ").append(i.bmc()).append('\n'));
        sh.append("set +e; d=$(mktemp -d); cd \"$d\"\n");
        for (Profile.Item item : c.inBandItems(node)) {
            String dir = ShellQuote.quote(item.name());
            long secs = item.deadline().toSeconds();
            if (item.command() != null) {
                sh.append("mkdir -p ").append(dir).append("; timeout ").append(secs).append(" sh -c ").append(ShellQuote.quote(item.command()))
                        .append(" 2>/dev/null | head -c ").append(item.cap()).append(" > ").append(dir).append("/command-output.txt\n");
            } else {
                sh.append("for g in");
                item.files().forEach(g -> sh.append(' ').append(ShellQuote.quote(g)));
                sh.append("; do for f in $g; do [ -f \"$f\" ] && [ -r \"$f\" ] || continue; mkdir -p ").append(dir)
                        .append("/\"$(dirname \"${f#/}\")\"; timeout ").append(secs).append(" head -c ").append(item.cap())
                        .append(" -- \"$f\" > ").append(dir).append("/\"${f#/}\"; done; done\n");
            }
        }
        sh.append("tar -czf - -C \"$d\" .; cd /; rm -rf \"$d\"\n");
        System.out.print(sh);
    }
}
