package dev.vigil.healthcheck.history;

import dev.vigil.core.result.Finding;
import dev.vigil.core.result.Report;
import dev.vigil.core.result.Status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed between two runs (the pre- and post-upgrade view), per node and check: WORSE or
 * BETTER status, CHANGED message at the same status, NEW or GONE checks. Unchanged pairs are left out.
 */
public final class Comparison {
    public enum Kind { WORSE, BETTER, CHANGED, NEW, GONE }

    public record Change(String node, String check, Kind kind, Status from, Status to, String before, String after) {
    }

    private Comparison() {
    }

    public static List<Change> between(Report a, Report b) {
        Map<String, Finding> before = index(a);
        Map<String, Finding> after = index(b);
        List<Change> out = new ArrayList<>();
        for (Map.Entry<String, Finding> e : after.entrySet()) {
            Finding now = e.getValue();
            Finding then = before.get(e.getKey());
            if (then == null) {
                out.add(new Change(now.node(), now.item(), Kind.NEW, null, now.status(), null, now.message()));
            } else if (now.status().severity() > then.status().severity()) {
                out.add(new Change(now.node(), now.item(), Kind.WORSE, then.status(), now.status(), then.message(), now.message()));
            } else if (now.status().severity() < then.status().severity()) {
                out.add(new Change(now.node(), now.item(), Kind.BETTER, then.status(), now.status(), then.message(), now.message()));
            } else if (now.status() != Status.OK && !now.message().equals(then.message())) {
                // at OK, messages carry live values (load, use %): a changed message alone is not news
                out.add(new Change(now.node(), now.item(), Kind.CHANGED, then.status(), now.status(), then.message(), now.message()));
            }
        }
        for (Map.Entry<String, Finding> e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                Finding then = e.getValue();
                out.add(new Change(then.node(), then.item(), Kind.GONE, then.status(), null, then.message(), null));
            }
        }
        out.sort(Comparator.comparing(Change::kind).thenComparing(Change::node).thenComparing(Change::check));
        return out;
    }

    private static Map<String, Finding> index(Report r) {
        Map<String, Finding> m = new LinkedHashMap<>();
        for (Finding f : r.findings()) {
            m.put(f.node() + "\u0000" + f.item(), f);
        }
        return m;
    }
}
