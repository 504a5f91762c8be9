package dev.vigil.healthcheck.parse;

import java.util.ArrayList;
import java.util.List;

/** The output of {@code ps -e -o pid=,stat=,comm=,args=}. */
public final class ProcessTable {
    public static final String COMMAND = "ps -e -o pid=,stat=,comm=,args=";

    public record Proc(long pid, String stat, String comm, String args) {
        public boolean zombie() {
            return stat.startsWith("Z");
        }
    }

    private ProcessTable() {
    }

    public static List<Proc> parse(String output) {
        List<Proc> out = new ArrayList<>();
        for (String line : output.split("\n")) {
            String t = line.trim();
            if (t.isEmpty()) {
                continue;
            }
            String[] f = t.split("\\s+", 4);
            if (f.length < 3) {
                throw new IllegalArgumentException("unexpected ps line: " + line);
            }
            out.add(new Proc(Long.parseLong(f[0]), f[1], f[2], f.length > 3 ? f[3] : f[2]));
        }
        return out;
    }
}
