package dev.vigil.core.inventory;

import dev.vigil.core.config.SecretRef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What an Ansible inventory says, as either the INI or the YAML parser reads it: hosts with their
 * vars, groups with vars, hosts and children. {@link #toInventory} applies Ansible's variable
 * precedence (all, then groups from shallow to deep and by name, then the host) and maps the
 * connection variables onto nodes.
 */
final class AnsibleInventoryModel {
    /** Variables that hold a secret inline; Vigil ignores them and takes secrets from env or files. */
    private static final Set<String> INLINE_SECRETS = Set.of("ansible_password", "ansible_ssh_pass",
            "ansible_become_password", "ansible_become_pass", "ansible_sudo_pass", "ansible_ssh_private_key_passphrase",
            "bmc_password");

    static final class Group {
        final Map<String, String> vars = new LinkedHashMap<>();
        final Set<String> hosts = new LinkedHashSet<>();
        final Set<String> children = new LinkedHashSet<>();
    }

    final Map<String, Map<String, String>> hostVars = new LinkedHashMap<>();
    final Map<String, Group> groups = new LinkedHashMap<>();
    final List<String> ignoredSecrets = new ArrayList<>();
    /** What Ansible would warn about and skip; shown to the operator. */
    final List<String> warnings = new ArrayList<>();
    /** group_vars/ and host_vars/ beside the inventory (Ansible's host_group_vars plugin), by group or host name. */
    final Map<String, Map<String, String>> groupVarsFiles = new LinkedHashMap<>();
    final Map<String, Map<String, String>> hostVarsFiles = new LinkedHashMap<>();

    Group group(String name) {
        return groups.computeIfAbsent(name, k -> new Group());
    }

    void addHost(String host, Map<String, String> vars) {
        hostVars.computeIfAbsent(host, k -> new LinkedHashMap<>()).putAll(vars);
    }

    /** Adds a host entry ({@code name}, {@code name:port}, ranges) to a group; the port is the host's ansible_port. */
    void addHostEntry(String entry, Map<String, String> vars, Group group) {
        HostAddress a = HostAddress.parse(entry);
        for (String host : HostRanges.expand(a.pattern())) {
            Map<String, String> hv = new LinkedHashMap<>();
            if (a.port() != null) {
                hv.put("ansible_port", String.valueOf(a.port()));
            }
            hv.putAll(vars);
            addHost(host, hv);
            group.hosts.add(host);
        }
    }

    Inventory toInventory(String source) {
        Map<String, Set<String>> direct = new LinkedHashMap<>();
        Map<String, Set<String>> children = new LinkedHashMap<>();
        groups.forEach((name, g) -> {
            direct.put(name, g.hosts);
            children.put(name, g.children);
        });
        // membership through children, to know which group vars apply to a host
        Inventory membership = Inventory.of(source, hostVars.keySet().stream().map(AnsibleInventoryModel::bare).toList(),
                withoutAll(direct, false), withoutAll(children, true));
        // as in Ansible's reconcile: "ungrouped" holds exactly the hosts that are in no other group
        Group ungrouped = group("ungrouped");
        for (String host : hostVars.keySet()) {
            Set<String> memberOf = new LinkedHashSet<>(membership.node(host).groups());
            memberOf.remove("ungrouped");
            if (memberOf.isEmpty()) {
                ungrouped.hosts.add(host);
            } else {
                ungrouped.hosts.remove(host);
            }
        }
        if (ungrouped.hosts.isEmpty() && ungrouped.children.isEmpty() && ungrouped.vars.isEmpty()) {
            groups.remove("ungrouped");
            direct.remove("ungrouped");
            children.remove("ungrouped");
        } else {
            direct.put("ungrouped", ungrouped.hosts);
            children.put("ungrouped", ungrouped.children);
        }
        membership = Inventory.of(source, hostVars.keySet().stream().map(AnsibleInventoryModel::bare).toList(),
                withoutAll(direct, false), withoutAll(children, true));
        Map<String, Integer> priority = new LinkedHashMap<>();
        groups.forEach((name, g) -> {
            String p = g.vars.get("ansible_group_priority");
            if (p != null) {
                try {
                    priority.put(name, Integer.valueOf(p.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("group " + name + ": ansible_group_priority '" + p + "' is not a number");
                }
            }
        });
        List<String> ordered = GroupOrder.byDepth(groups.keySet(), children, priority);

        List<Node> nodes = new ArrayList<>();
        for (String host : hostVars.keySet()) {
            // Ansible's precedence: all (inventory), groups (inventory), group_vars/all, group_vars/<group>,
            // the host's inventory vars, host_vars/<host>; groups by depth, then ansible_group_priority, then name
            Map<String, String> vars = new LinkedHashMap<>();
            if (groups.containsKey("all")) {
                putGroupVars(vars, groups.get("all").vars);
            }
            Set<String> memberOf = membership.node(host).groups();
            for (String g : ordered) {
                if (memberOf.contains(g)) {
                    putGroupVars(vars, groups.get(g).vars);
                }
            }
            vars.putAll(groupVarsFiles.getOrDefault("all", Map.of()));
            for (String g : ordered) {
                if (memberOf.contains(g)) {
                    vars.putAll(groupVarsFiles.getOrDefault(g, Map.of()));
                }
            }
            vars.putAll(hostVars.get(host));
            vars.putAll(hostVarsFiles.getOrDefault(host, Map.of()));
            try {
                nodes.add(toNode(host, vars));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("host " + host + ": " + e.getMessage(), e);
            }
        }
        Inventory inv = Inventory.of(source, nodes, withoutAll(direct, false), withoutAll(children, true));
        List<String> told = new ArrayList<>();
        warnings.forEach(w -> told.add(source + ": " + w));
        if (!ignoredSecrets.isEmpty()) {
            // the names only, never the values
            told.add(source + ": ignored " + ignoredSecrets.size() + " inline secret variable(s), Vigil takes secrets only"
                    + " from environment variables or files (e.g. bmc_password_env, bmc_password_file, --password-file): "
                    + String.join(", ", ignoredSecrets));
        }
        return told.isEmpty() ? inv : inv.withWarnings(told);
    }

    /** A group's inventory vars; ansible_group_priority orders the groups and is not a variable of the host, as in Ansible. */
    private static void putGroupVars(Map<String, String> into, Map<String, String> groupVars) {
        groupVars.forEach((k, v) -> {
            if (!k.equals("ansible_group_priority")) {
                into.put(k, v);
            }
        });
    }

    private static Node bare(String name) {
        return new Node(name, null, null, null, List.of(), false, Set.of(), Map.of(), null);
    }

    /** "all" is implicit; its children are ordinary top-level groups, which must still exist. */
    private static Map<String, Set<String>> withoutAll(Map<String, Set<String>> m, boolean areGroups) {
        Map<String, Set<String>> out = new LinkedHashMap<>(m);
        Set<String> topLevel = out.remove("all");
        if (topLevel != null && areGroups) {
            topLevel.forEach(g -> out.putIfAbsent(g, new LinkedHashSet<>()));
        }
        return out;
    }

    private Node toNode(String host, Map<String, String> vars) {
        String address = first(vars, "ansible_host", "ansible_ssh_host");
        String port = first(vars, "ansible_port", "ansible_ssh_port");
        String user = first(vars, "ansible_user", "ansible_ssh_user");
        String key = vars.get("ansible_ssh_private_key_file");
        boolean local = "local".equals(vars.get("ansible_connection"));
        Bmc bmc = null;
        if (vars.get("bmc_type") != null) {
            Bmc.Type.parse(vars.get("bmc_type"));
        }
        if (vars.get("bmc_address") != null) {
            bmc = new Bmc(vars.containsKey("bmc_type") ? Bmc.Type.parse(vars.get("bmc_type")) : null,
                    vars.get("bmc_address"), parsePort(vars.get("bmc_port"), "bmc_port"), vars.get("bmc_user"),
                    SecretRef.ofEither(vars.get("bmc_password_env"), vars.get("bmc_password_file"), "bmc password"), vars.get("bmc_system"));
        }
        AnsibleSshArgs.of(vars);
        Become.of(vars);
        Map<String, String> kept = new LinkedHashMap<>();
        vars.forEach((k, v) -> {
            if (INLINE_SECRETS.contains(k.toLowerCase(Locale.ROOT))) {
                ignoredSecrets.add(host + ":" + k);
            } else {
                kept.put(k, v);
            }
        });
        return new Node(host, address, parsePort(port, "ansible_port"), user,
                key == null ? List.of() : List.of(key), local, Set.of(), kept, bmc);
    }

    private static String first(Map<String, String> vars, String... keys) {
        for (String k : keys) {
            if (vars.get(k) != null) {
                return vars.get(k);
            }
        }
        return null;
    }

    private static Integer parsePort(String text, String name) {
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + text + "' is not a number");
        }
    }
}
