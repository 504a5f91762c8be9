package dev.vigil.core.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order in which group variables apply, as in Ansible's {@code sort_groups}: parents before
 * children (by depth below "all"), then by {@code ansible_group_priority} (default 1), then by name;
 * later groups override earlier ones.
 */
final class GroupOrder {
    private GroupOrder() {
    }

    static List<String> byDepth(Set<String> groups, Map<String, Set<String>> children) {
        return byDepth(groups, children, Map.of());
    }

    static List<String> byDepth(Set<String> groups, Map<String, Set<String>> children, Map<String, Integer> priority) {
        Map<String, Integer> depth = new HashMap<>();
        for (String g : groups) {
            depthOf(g, children, depth, new LinkedHashSet<>());
        }
        List<String> ordered = new ArrayList<>(groups);
        ordered.remove("all");
        ordered.sort(Comparator.<String>comparingInt(depth::get)
                .thenComparingInt(g -> priority.getOrDefault(g, 1))
                .thenComparing(Comparator.naturalOrder()));
        return ordered;
    }

    private static int depthOf(String g, Map<String, Set<String>> children, Map<String, Integer> depth, Set<String> visiting) {
        Integer known = depth.get(g);
        if (known != null) {
            return known;
        }
        if (!visiting.add(g)) {
            throw new IllegalArgumentException("group '" + g + "' is its own descendant (a cycle in children)");
        }
        int d = g.equals("all") ? 0 : 1;
        for (Map.Entry<String, Set<String>> e : children.entrySet()) {
            if (e.getValue().contains(g) && !e.getKey().equals("all")) {
                d = Math.max(d, depthOf(e.getKey(), children, depth, visiting) + 1);
            }
        }
        visiting.remove(g);
        depth.put(g, d);
        return d;
    }
}
