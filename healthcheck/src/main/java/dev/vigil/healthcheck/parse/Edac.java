package dev.vigil.healthcheck.parse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The EDAC counters as the memory-errors probe prints them, one {@code <sysfs path> <value>} per line
 * (under /sys/devices/system/edac/mc/), read as a pure function into counters named like
 * {@code mc0.ce_count}, {@code mc0.dimm3.dimm_ue_count}, {@code mc0.csrow1.ue_count}, plus each DIMM's label.
 */
public final class Edac {
    private Edac() {
    }

    /** counters: name to value; labels: a dimm's or csrow channel's name ("mc0.dimm3") to its silk-screen label. */
    public record Counters(Map<String, Long> counters, Map<String, String> labels) {
        public long total(String suffix) {
            return counters.entrySet().stream().filter(e -> e.getKey().split("\\.").length == 2 && e.getKey().endsWith(suffix))
                    .mapToLong(Map.Entry::getValue).sum();
        }
    }

    public static Counters parse(String text) {
        Map<String, Long> counters = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            int sp = line.indexOf(' ');
            if (sp < 0 || !line.startsWith("/sys/devices/system/edac/mc/")) {
                continue;
            }
            String path = line.substring("/sys/devices/system/edac/mc/".length(), sp);
            String value = line.substring(sp + 1).strip();
            String name = path.replace('/', '.');
            if (name.endsWith("_label")) {
                labels.put(name.substring(0, name.lastIndexOf('.')), value);
            } else if (value.matches("\\d+")) {
                counters.put(name, Long.valueOf(value));
            }
        }
        return new Counters(counters, labels);
    }
}
