package dev.vigil.healthcheck.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code multipath -ll} (multipath-tools), read as a pure function: each map and its paths with the
 * device-mapper state (active/failed) and the checker's state (ready, faulty, shaky, ghost, ...).
 */
public final class Multipath {
    private Multipath() {
    }

    public record Path(String hctl, String device, String dmState, String checkerState) {
        /** A path the map cannot use: dm failed it, or its checker says faulty/shaky/offline. ghost is an ALUA standby, fine. */
        public boolean failed() {
            return dmState.equals("failed") || checkerState.equals("faulty") || checkerState.equals("shaky") || checkerState.equals("offline");
        }
    }

    public record Map(String name, String wwid, List<Path> paths) {
        public long failedPaths() {
            return paths.stream().filter(Path::failed).count();
        }
    }

    private static final Pattern MAP = Pattern.compile("^(\\S+)(?: \\(([^)]+)\\))? dm-\\d+ .*$");
    private static final Pattern PATH = Pattern.compile("(\\d+:\\d+:\\d+:\\d+) (\\S+) +\\d+:\\d+ +(active|failed|undef)\\s+(\\S+)(?:\\s+(\\S+))?");

    public static List<Map> parse(String text) {
        List<Map> out = new ArrayList<>();
        String name = null;
        String wwid = null;
        List<Path> paths = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            Matcher m = MAP.matcher(line);
            if (m.matches() && !line.startsWith(" ") && !line.startsWith("|") && !line.startsWith("`")) {
                if (name != null) {
                    out.add(new Map(name, wwid, paths));
                }
                name = m.group(1);
                wwid = m.group(2);
                paths = new ArrayList<>();
                continue;
            }
            Matcher p = PATH.matcher(line);
            if (name != null && p.find()) {
                paths.add(new Path(p.group(1), p.group(2), p.group(3), p.group(4)));
            }
        }
        if (name != null) {
            out.add(new Map(name, wwid, paths));
        }
        return out;
    }
}
