package dev.vigil.core.result;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** The summary line of a fan-out: "20 nodes: 18 ok, 1 timed-out, 1 unreachable" (labels in alphabetical order). */
public final class Counts {
    private Counts() {
    }

    public static String line(String noun, Collection<String> labels) {
        Map<String, Integer> counts = new TreeMap<>();
        labels.forEach(l -> counts.merge(l, 1, Integer::sum));
        StringBuilder b = new StringBuilder().append(labels.size()).append(' ').append(noun);
        String sep = ": ";
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            b.append(sep).append(e.getValue()).append(' ').append(e.getKey());
            sep = ", ";
        }
        return b.toString();
    }
}
