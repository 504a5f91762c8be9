package dev.vigil.healthcheck.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code virsh list --all}: both column layouts (virsh 9's "Id   Name   State" with a dashed rule, and the
 * older fixed-width one with 52 dashes). Names may not contain spaces in virsh's table, states may
 * ("shut off", "in shutdown"), so a row is id, name, then the rest as the state.
 */
public final class VirshList {
    private VirshList() {
    }

    public record Domain(String id, String name, String state) {
        /** running, idle, paused, in shutdown, shut off, crashed, pmsuspended, or what virsh printed. */
        public boolean running() {
            return state.equals("running") || state.equals("idle") || state.equals("blocked");
        }
    }

    public static List<Domain> parse(String out) {
        List<Domain> domains = new ArrayList<>();
        boolean header = false;
        boolean rule = false;
        for (String raw : out.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (!header) {
                if (!line.matches("Id\\s+Name\\s+State")) {
                    throw new IllegalArgumentException("not virsh list output: expected the 'Id Name State' header, got: " + line);
                }
                header = true;
                continue;
            }
            if (!rule) {
                if (!line.matches("-+")) {
                    throw new IllegalArgumentException("not virsh list output: expected a dashed rule under the header, got: " + line);
                }
                rule = true;
                continue;
            }
            String[] f = line.split("\\s+", 3);
            if (f.length < 3 || !f[0].matches("\\d+|-")) {
                throw new IllegalArgumentException("a virsh list row must be 'Id Name State': " + line);
            }
            domains.add(new Domain(f[0], f[1], f[2].strip()));
        }
        if (!rule) {
            throw new IllegalArgumentException("no virsh list table in the output");
        }
        return domains;
    }
}
