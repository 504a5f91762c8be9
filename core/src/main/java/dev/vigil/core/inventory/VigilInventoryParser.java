package dev.vigil.core.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vigil.core.config.SecretRef;
import dev.vigil.core.config.Yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Vigil's own YAML inventory:
 * <pre>
 * defaults: {user: root, port: 22, identity: ~/.ssh/id_ed25519, bmc: {user: admin, password_env: BMC_PASSWORD}}
 * groups:
 *   compute: {defaults: {...}}
 *   infra: {children: [mgmt, db]}
 * nodes:
 *   - name: cna-01
 *     address: 10.0.0.11
 *     groups: [compute]
 *     labels: {rack: r1}
 *     bmc: {type: ipmi, address: 10.1.0.11}
 * </pre>
 * Values merge field by field: defaults, then each of the node's groups in the order listed, then
 * the node. Unknown keys and bad values are errors with file, line and column.
 */
public final class VigilInventoryParser {
    private VigilInventoryParser() {
    }

    public record BmcSpec(String type, String address, Integer port, String user, String passwordEnv, String passwordFile, String system) {
        public BmcSpec {
            if (type != null) {
                Bmc.Type.parse(type);
            }
            SecretRef.ofEither(passwordEnv, passwordFile, "bmc password");
        }

        BmcSpec over(BmcSpec base) {
            if (base == null) {
                return this;
            }
            boolean ownSecret = passwordEnv != null || passwordFile != null;
            return new BmcSpec(type != null ? type : base.type, address != null ? address : base.address,
                    port != null ? port : base.port, user != null ? user : base.user,
                    ownSecret ? passwordEnv : base.passwordEnv, ownSecret ? passwordFile : base.passwordFile,
                    system != null ? system : base.system);
        }
    }

    public record NodeDefaults(String user, Integer port, List<String> identity, BmcSpec bmc, Map<String, String> labels) {
    }

    public record GroupSpec(List<String> children, NodeDefaults defaults) {
    }

    public record NodeSpec(String name, String address, Integer port, String user, List<String> identity,
                           List<String> groups, Map<String, String> labels, BmcSpec bmc, String connection) {
        public NodeSpec {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("every node needs a 'name'");
            }
            if (connection != null && !connection.equals("ssh") && !connection.equals("local")) {
                throw new IllegalArgumentException("node " + name + ": connection must be ssh or local, not '" + connection + "'");
            }
            if (port != null && (port < 1 || port > 65535)) {
                throw new IllegalArgumentException("node " + name + ": port " + port + " is out of range 1-65535");
            }
        }
    }

    public record InventoryFile(NodeDefaults defaults, Map<String, GroupSpec> groups, List<NodeSpec> nodes) {
        public InventoryFile {
            if (nodes == null) {
                throw new IllegalArgumentException("the inventory needs a 'nodes' list");
            }
        }
    }

    public static Inventory parse(String text, String source) {
        InventoryFile file;
        try {
            file = Yaml.strictMapper().readValue(text, InventoryFile.class);
        } catch (JsonProcessingException e) {
            throw Yaml.formatError(source, text, e);
        }
        if (file == null) {
            throw new InventoryFormatException(source, 0, 0, "the inventory is empty");
        }
        try {
            return build(file, source);
        } catch (IllegalArgumentException e) {
            throw new InventoryFormatException(source, 0, 0, e.getMessage());
        }
    }

    private static Inventory build(InventoryFile file, String source) {
        Map<String, GroupSpec> groupSpecs = file.groups() == null ? Map.of() : file.groups();
        Map<String, Set<String>> direct = new LinkedHashMap<>();
        Map<String, Set<String>> children = new LinkedHashMap<>();
        groupSpecs.forEach((g, spec) -> {
            direct.put(g, new LinkedHashSet<>());
            children.put(g, spec == null || spec.children() == null ? Set.of() : new LinkedHashSet<>(spec.children()));
        });
        List<Node> bare = new ArrayList<>();
        for (int i = 0; i < file.nodes().size(); i++) {
            // "nodes: [a, , b]" or a bare "-": an entry with nothing in it, named by its place
            if (file.nodes().get(i) == null) {
                throw new IllegalArgumentException("nodes[" + i + "] is empty: each node needs at least a name");
            }
        }
        for (NodeSpec spec : file.nodes()) {
            for (String g : spec.groups() == null ? List.<String>of() : spec.groups()) {
                direct.computeIfAbsent(g, k -> new LinkedHashSet<>()).add(spec.name());
            }
            bare.add(new Node(spec.name(), null, null, null, List.of(), false, Set.of(), Map.of(), null));
        }
        // group defaults apply through children too, parents first
        Inventory membership = Inventory.of(source, bare, direct, children);
        Set<String> allGroups = new LinkedHashSet<>(direct.keySet());
        allGroups.addAll(children.keySet());
        List<String> ordered = GroupOrder.byDepth(allGroups, children);
        List<Node> nodes = new ArrayList<>();
        for (NodeSpec spec : file.nodes()) {
            List<NodeDefaults> layers = new ArrayList<>();
            layers.add(file.defaults());
            Set<String> memberOf = membership.node(spec.name()).groups();
            for (String g : ordered) {
                GroupSpec gs = groupSpecs.get(g);
                if (memberOf.contains(g) && gs != null) {
                    layers.add(gs.defaults());
                }
            }
            layers.add(new NodeDefaults(spec.user(), spec.port(), spec.identity(), spec.bmc(), spec.labels()));
            String user = null;
            Integer port = null;
            List<String> identity = List.of();
            BmcSpec bmc = null;
            Map<String, String> labels = new LinkedHashMap<>();
            for (NodeDefaults d : layers) {
                if (d == null) {
                    continue;
                }
                user = d.user() != null ? d.user() : user;
                port = d.port() != null ? d.port() : port;
                identity = d.identity() != null ? d.identity() : identity;
                bmc = d.bmc() != null ? d.bmc().over(bmc) : bmc;
                if (d.labels() != null) {
                    labels.putAll(d.labels());
                }
            }
            // BMC defaults alone (e.g. a shared user) do not give a node a BMC; an address does
            Bmc resolvedBmc = null;
            if (bmc != null && bmc.address() != null) {
                if (bmc.type() == null) {
                    throw new IllegalArgumentException("node " + spec.name() + ": bmc type is required (ipmi or redfish)");
                }
                resolvedBmc = new Bmc(Bmc.Type.parse(bmc.type()), bmc.address(), bmc.port(), bmc.user(),
                        SecretRef.ofEither(bmc.passwordEnv(), bmc.passwordFile(), "bmc password"), bmc.system());
            }
            nodes.add(new Node(spec.name(), spec.address(), port, user, identity, "local".equals(spec.connection()),
                    Set.of(), labels, resolvedBmc));
        }
        return Inventory.of(source, nodes, direct, children);
    }
}
