package dev.vigil.healthcheck.checks;

import dev.vigil.core.transport.ExecResult;
import dev.vigil.healthcheck.CheckContext;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The in-band hardware checks' first probes as one command, so a node runs one shell for all of them instead
 * of five (the probe is memoized per node: whichever check asks first runs it, the others read their part).
 * Each part is its check's own probe, with its exit status.
 */
public final class HardwareProbe {
    private HardwareProbe() {
    }

    static final String MARK = "#vigil-hw ";

    /** One part of the shared probe: its check's output and exit status, and the probe's stderr. */
    public record Part(String stdout, int exitCode, String stderr, boolean timedOut) {
        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }
    }

    /** The shared probe: the SMART scan, /proc/mdstat, storcli/perccli, multipath -ll, the bonds and NIC links, the EDAC counters. */
    public static String script(List<String> nics) {
        StringBuilder b = new StringBuilder();
        part(b, "smart", DisksSmartCheck.SCAN);
        part(b, "raid", RaidCheck.PROBE);
        part(b, "raid-controller", RaidCheck.CONTROLLER_PROBE);
        part(b, "multipath", MultipathCheck.PROBE);
        part(b, "bonds", NetworkBondsCheck.script(nics));
        part(b, "edac", MemoryErrorsCheck.PROBE);
        return b.toString();
    }

    private static void part(StringBuilder b, String name, String probe) {
        b.append("echo '").append(MARK).append(name).append("'; (").append(probe).append("\n); echo \"").append(MARK).append("end ").append(name)
                .append(" $?\"; ");
    }

    /** This check's part of the shared probe, run once per node. */
    static Part of(CheckContext ctx, String name) throws Exception {
        ExecResult r = ctx.probe(script(ctx.settings().config().hardware().interfaces()));
        return part(r.stdout(), r.stderr(), r.timedOut(), name);
    }

    /** The part {@code name} of the probe's output; a part cut short (a timeout) is exit 124 with what it printed. */
    public static Part part(String stdout, String stderr, boolean timedOut, String name) {
        String begin = MARK + name + "\n";
        int i = stdout.indexOf(begin);
        if (i < 0) {
            return new Part("", timedOut ? 124 : 1, stderr, timedOut);
        }
        int from = i + begin.length();
        Matcher end = Pattern.compile("(?m)^" + Pattern.quote(MARK + "end " + name) + " (\\d+)$").matcher(stdout);
        if (!end.find(from)) {
            return new Part(stdout.substring(from), 124, stderr, true);
        }
        return new Part(stdout.substring(from, end.start()), Integer.parseInt(end.group(1)), stderr, false);
    }
}
