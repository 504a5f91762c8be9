package dev.vigil.backup;

import dev.vigil.backup.Model.Generation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which generations go: per node, the newest {@code keep} are kept, counting every type, and so is
 * every generation of a chain that has a kept one (an incremental is useless without its full and
 * the incrementals before it). Whole chains go, oldest first. Pure: the catalog in, the plan out.
 */
public final class Retention {
    private Retention() {
    }

    /** The generations of one node to delete, oldest first. */
    public static List<Generation> toDelete(List<Generation> ofNode, int keep) {
        List<Generation> newestFirst = new ArrayList<>(ofNode);
        newestFirst.sort(Backups.NEWEST_FIRST);
        Set<String> keptChains = new HashSet<>();
        for (int i = 0; i < Math.min(keep, newestFirst.size()); i++) {
            keptChains.add(newestFirst.get(i).chain());
        }
        keptChains.addAll(protectedChains(newestFirst));
        List<Generation> delete = new ArrayList<>();
        for (Generation g : newestFirst) {
            if (!keptChains.contains(g.chain())) {
                delete.add(g);
            }
        }
        delete.sort(Backups.NEWEST_FIRST.reversed());
        return delete;
    }

    /**
     * Chains that are never deleted, whatever else happens: the newest complete chain (its root and
     * every link present), and the newest complete chain rooted at a full (the one the daily
     * incrementals build on), so pre-risk runs alone can never push the regular backup out.
     */
    static Set<String> protectedChains(List<Generation> newestFirst) {
        Map<String, Generation> byId = new LinkedHashMap<>();
        newestFirst.forEach(g -> byId.put(g.id(), g));
        Set<String> out = new HashSet<>();
        boolean any = false;
        boolean full = false;
        for (Generation g : newestFirst) {
            Generation root = completeRoot(g, byId);
            if (root == null) {
                continue;
            }
            if (!any) {
                out.add(g.chain());
                any = true;
            }
            if (!full && root.typeEnum() == Model.Type.FULL) {
                out.add(g.chain());
                full = true;
            }
            if (any && full) {
                break;
            }
        }
        return out;
    }

    /** The standalone generation g's chain starts from, when every link down to it is present; else null. */
    static Generation completeRoot(Generation g, Map<String, Generation> byId) {
        Generation at = g;
        Set<String> seen = new HashSet<>();
        while (at.parent() != null) {
            if (!seen.add(at.id())) {
                return null;
            }
            at = byId.get(at.parent());
            if (at == null) {
                return null;
            }
        }
        return at.typeEnum().standalone() && at.id().equals(g.chain()) ? at : null;
    }

    /** The plan for every node in the catalog (or only these nodes when given). */
    public static Map<String, List<Generation>> plan(List<Generation> all, int keep, Set<String> nodes) {
        Map<String, List<Generation>> byNode = new LinkedHashMap<>();
        all.stream().sorted(Comparator.comparing(Generation::node)).forEach(g -> byNode.computeIfAbsent(g.node(), n -> new ArrayList<>()).add(g));
        Map<String, List<Generation>> plan = new LinkedHashMap<>();
        byNode.forEach((node, gens) -> {
            if (nodes == null || nodes.contains(node)) {
                List<Generation> d = toDelete(gens, keep);
                if (!d.isEmpty()) {
                    plan.put(node, d);
                }
            }
        });
        return plan;
    }
}
