package dev.vigil.core.inventory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Nodes and groups, in inventory order. Group membership is resolved: a group's members include
 * those of its children.
 */
public final class Inventory {
    private final Map<String, Node> nodes;
    private final Map<String, Set<String>> groupMembers;
    private final String source;
    private final List<String> warnings;

    private Inventory(Map<String, Node> nodes, Map<String, Set<String>> groupMembers, String source, List<String> warnings) {
        this.nodes = nodes;
        this.groupMembers = groupMembers;
        this.source = source;
        this.warnings = List.copyOf(warnings);
    }

    /** What the operator must be told about reading it (e.g. inline secrets that were ignored); shown on stderr and logged. */
    public List<String> warnings() {
        return warnings;
    }

    /** The same inventory with these warnings added. */
    public Inventory withWarnings(List<String> more) {
        List<String> all = new java.util.ArrayList<>(warnings);
        all.addAll(more);
        return new Inventory(nodes, groupMembers, source, all);
    }

    /** The implicit inventory: the controller alone, no SSH. */
    public static Inventory localOnly() {
        Node local = Node.localhost();
        return new Inventory(Map.of(local.name(), local), Map.of(), "(local machine)", List.of());
    }

    /**
     * Builds an inventory from nodes and each group's direct members and children.
     *
     * @param directMembers group name to the node names listed directly in it
     * @param children      group name to its child group names
     */
    public static Inventory of(String source, List<Node> nodeList, Map<String, Set<String>> directMembers,
                               Map<String, Set<String>> children) {
        Map<String, Set<String>> resolved = new LinkedHashMap<>();
        Set<String> allGroups = new LinkedHashSet<>(directMembers.keySet());
        allGroups.addAll(children.keySet());
        children.values().forEach(allGroups::addAll);
        allGroups.remove("all");
        for (String g : allGroups) {
            resolved.put(g, Collections.unmodifiableSet(membersOf(g, directMembers, children, new LinkedHashSet<>())));
        }
        Map<String, Set<String>> groupsOfNode = new LinkedHashMap<>();
        resolved.forEach((g, members) -> members.forEach(n -> groupsOfNode.computeIfAbsent(n, k -> new TreeSet<>()).add(g)));
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (Node n : nodeList) {
            if (nodes.containsKey(n.name())) {
                throw new IllegalArgumentException("node '" + n.name() + "' is defined twice");
            }
            nodes.put(n.name(), n.withGroups(groupsOfNode.getOrDefault(n.name(), Set.of())));
        }
        for (Map.Entry<String, Set<String>> e : resolved.entrySet()) {
            for (String member : e.getValue()) {
                if (!nodes.containsKey(member)) {
                    throw new IllegalArgumentException("group '" + e.getKey() + "' lists unknown node '" + member + "'");
                }
                if (resolved.containsKey(member)) {
                    throw new IllegalArgumentException("'" + member + "' is both a node and a group name");
                }
            }
        }
        return new Inventory(Collections.unmodifiableMap(nodes), Collections.unmodifiableMap(resolved), source, List.of());
    }

    private static Set<String> membersOf(String group, Map<String, Set<String>> direct,
                                         Map<String, Set<String>> children, Set<String> visiting) {
        if (!visiting.add(group)) {
            throw new IllegalArgumentException("group '" + group + "' is its own descendant (a cycle in children)");
        }
        Set<String> out = new LinkedHashSet<>(direct.getOrDefault(group, Set.of()));
        for (String child : children.getOrDefault(group, Set.of())) {
            out.addAll(membersOf(child, direct, children, visiting));
        }
        visiting.remove(group);
        return out;
    }

    public List<Node> nodes() {
        return new ArrayList<>(nodes.values());
    }

    public Node node(String name) {
        return nodes.get(name);
    }

    /** Group name to all member node names; "all" is implicit and not listed. */
    public Map<String, Set<String>> groups() {
        return groupMembers;
    }

    public String source() {
        return source;
    }
}
