package dev.vigil.core.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.config.Yaml;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads an Ansible YAML inventory as it stands: {@code all:} (or any top-level groups) with
 * {@code hosts:}, {@code vars:} and {@code children:}, recursively; {@code host:port} and host ranges in
 * host keys; lists and maps kept as JSON text. An inventory plugin config ({@code plugin:}) is refused.
 */
public final class AnsibleYamlInventoryParser {
    private AnsibleYamlInventoryParser() {
    }

    public static Inventory parse(String text, String source) {
        AnsibleInventoryModel model = new AnsibleInventoryModel();
        parseInto(model, text, source);
        try {
            return model.toInventory(source);
        } catch (IllegalArgumentException e) {
            throw new InventoryFormatException(source, 0, 0, e.getMessage());
        }
    }

    /** Adds one YAML (or JSON) source to a model (an inventory directory merges several). */
    static void parseInto(AnsibleInventoryModel model, String text, String source) {
        JsonNode root;
        try {
            root = Yaml.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw Yaml.formatError(source, text, e);
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            throw new InventoryFormatException(source, 0, 0, "the inventory is empty");
        }
        if (!root.isObject()) {
            throw new InventoryFormatException(source, 1, 1, "expected a map of groups at the top level (e.g. 'all:')");
        }
        if (root.has("plugin")) {
            throw new InventoryFormatException(source, 1, 1, "this is an inventory plugin config (plugin: " + root.get("plugin").asText()
                    + "); Vigil reads static inventories only: export it with ansible-inventory --list --yaml and use that");
        }
        try {
            for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                readGroup(model, e.getKey(), e.getValue(), e.getKey());
                if (!e.getKey().equals("all")) {
                    model.group("all").children.add(e.getKey());
                }
            }
        } catch (IllegalArgumentException e) {
            throw new InventoryFormatException(source, 0, 0, e.getMessage());
        }
    }

    private static void readGroup(AnsibleInventoryModel model, String name, JsonNode body, String path) {
        AnsibleInventoryModel.Group group = model.group(name);
        if (body == null || body.isNull()) {
            return;
        }
        if (!body.isObject()) {
            throw new IllegalArgumentException(path + ": a group must be a map with hosts, vars or children");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = body.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = path + "." + e.getKey();
            switch (e.getKey()) {
                case "hosts":
                    forEachEntry(e.getValue(), where, (host, vars) -> {
                        model.addHostEntry(host, scalars(vars, where + "." + host), group);
                    });
                    break;
                case "vars":
                    group.vars.putAll(scalars(e.getValue(), where));
                    break;
                case "children":
                    forEachEntry(e.getValue(), where, (child, childBody) -> {
                        group.children.add(child);
                        readGroup(model, child, childBody, where + "." + child);
                    });
                    break;
                default:
                    // as Ansible does: skipped, with a warning
                    model.warnings.add(where + ": skipped the unexpected key (a group has hosts, vars and children)");
            }
        }
    }

    private interface EntryConsumer {
        void accept(String key, JsonNode value);
    }

    private static void forEachEntry(JsonNode node, String where, EntryConsumer consumer) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": expected a map");
        }
        node.properties().forEach(e -> consumer.accept(e.getKey(), e.getValue()));
    }

    static Map<String, String> scalars(JsonNode node, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": expected a map of variables");
        }
        ObjectMapper json = Yaml.jsonMapper();
        node.properties().forEach(e -> {
            JsonNode v = e.getValue();
            out.put(e.getKey(), v.isValueNode() ? v.asText() : json.valueToTree(v).toString());
        });
        return out;
    }
}
