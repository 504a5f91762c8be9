package dev.vigil.core.inventory;

import dev.vigil.core.config.ShellWords;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an Ansible INI inventory as it stands: hosts before any section (ungrouped),
 * {@code [group]}, {@code [group:vars]}, {@code [group:children]} (a child may be declared later, but
 * must be declared), inline host vars split as shlex splits them, {@code host:port}, host ranges,
 * values read as Python literals, and {@code #}/{@code ;} comment lines. Pure: text in, model out.
 */
public final class AnsibleIniInventoryParser {
    private AnsibleIniInventoryParser() {
    }

    /** @throws InventoryFormatException with the line number of the first bad line */
    public static Inventory parse(String text, String source) {
        AnsibleInventoryModel model = parseModel(text, source);
        try {
            return model.toInventory(source);
        } catch (IllegalArgumentException e) {
            throw new InventoryFormatException(source, 0, 0, e.getMessage());
        }
    }

    static AnsibleInventoryModel parseModel(String text, String source) {
        AnsibleInventoryModel model = new AnsibleInventoryModel();
        parseInto(model, text, source);
        return model;
    }

    /** Adds one INI source to a model (an inventory directory merges several). */
    static void parseInto(AnsibleInventoryModel model, String text, String source) {
        String section = "ungrouped";
        String kind = "hosts";
        // as in Ansible: [g:children] may name a group declared later, [g:vars] needs [g] somewhere
        Map<String, Integer> pendingVars = new LinkedHashMap<>();
        Map<String, int[]> pendingChildren = new LinkedHashMap<>();
        Map<String, List<String>> pendingParents = new LinkedHashMap<>();
        Set<String> declared = new LinkedHashSet<>(model.groups.keySet());
        declared.add("ungrouped");
        declared.add("all");
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            try {
                if (line.startsWith("[")) {
                    int close = line.indexOf(']');
                    if (close < 0 || !line.substring(close + 1).strip().matches("(#.*)?")) {
                        throw new IllegalArgumentException("malformed section header '" + line + "'");
                    }
                    String header = line.substring(1, close).strip();
                    int colon = header.indexOf(':');
                    section = colon < 0 ? header : header.substring(0, colon);
                    kind = colon < 0 ? "hosts" : header.substring(colon + 1);
                    if (!kind.equals("hosts") && !kind.equals("vars") && !kind.equals("children")) {
                        throw new IllegalArgumentException("unknown section type ':" + kind + "' (expected :vars or :children)");
                    }
                    if (section.isEmpty() || !section.matches("[A-Za-z0-9_.-]+")) {
                        throw new IllegalArgumentException("invalid group name '" + section + "'");
                    }
                    if (kind.equals("vars")) {
                        if (!declared.contains(section)) {
                            pendingVars.putIfAbsent(section, lineNo);
                        }
                    } else {
                        declared.add(section);
                        pendingVars.remove(section);
                        if (pendingChildren.remove(section) != null) {
                            for (String parent : pendingParents.remove(section)) {
                                model.group(parent).children.add(section);
                            }
                        }
                    }
                    model.group(section);
                    continue;
                }
                switch (kind) {
                    case "vars": {
                        int eq = line.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("expected key=value in [" + section + ":vars], got '" + line + "'");
                        }
                        model.group(section).vars.put(line.substring(0, eq).strip(), AnsibleValues.literal(line.substring(eq + 1)));
                        break;
                    }
                    case "children": {
                        String child = line.replaceFirst("\\s*#.*$", "").strip();
                        if (child.isEmpty() || !child.matches("[^:\\]\\s]+")) {
                            throw new IllegalArgumentException("expected one group name per line in [" + section + ":children], got '" + line + "'");
                        }
                        if (model.groups.containsKey(child)) {
                            model.group(section).children.add(child);
                        } else {
                            pendingChildren.putIfAbsent(child, new int[] {lineNo});
                            pendingParents.computeIfAbsent(child, k -> new ArrayList<>()).add(section);
                        }
                        break;
                    }
                    default: {
                        List<String> tokens;
                        try {
                            tokens = ShellWords.split(line, true);
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException("cannot read the host line '" + line + "': " + e.getMessage());
                        }
                        if (tokens.isEmpty()) {
                            continue;
                        }
                        Map<String, String> vars = new LinkedHashMap<>();
                        for (String t : tokens.subList(1, tokens.size())) {
                            int eq = t.indexOf('=');
                            if (eq <= 0) {
                                throw new IllegalArgumentException("expected key=value after the host name, got '" + t + "'");
                            }
                            vars.put(t.substring(0, eq), AnsibleValues.literal(t.substring(eq + 1)));
                        }
                        String entry = tokens.get(0);
                        if (entry.endsWith(":") && HostAddress.parse(entry).port() == null) {
                            throw new IllegalArgumentException("host '" + entry + "' ends in ':', which is reserved for a port");
                        }
                        model.addHostEntry(entry, vars, model.group(section));
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new InventoryFormatException(source, lineNo, 1, e.getMessage());
            }
        }
        for (Map.Entry<String, int[]> e : pendingChildren.entrySet()) {
            List<String> parents = pendingParents.get(e.getKey());
            throw new InventoryFormatException(source, e.getValue()[0], 1, "[" + parents.get(parents.size() - 1)
                    + ":children] names group '" + e.getKey() + "', which is never defined (add a [" + e.getKey() + "] section)");
        }
        for (Map.Entry<String, Integer> e : pendingVars.entrySet()) {
            throw new InventoryFormatException(source, e.getValue(), 1, "[" + e.getKey() + ":vars] is for group '" + e.getKey()
                    + "', which is never defined (add a [" + e.getKey() + "] section)");
        }
        // "ungrouped" exists only if something is in it
        AnsibleInventoryModel.Group ungrouped = model.groups.get("ungrouped");
        if (ungrouped != null && ungrouped.hosts.isEmpty() && ungrouped.children.isEmpty() && ungrouped.vars.isEmpty()) {
            model.groups.remove("ungrouped");
        }
    }

}
