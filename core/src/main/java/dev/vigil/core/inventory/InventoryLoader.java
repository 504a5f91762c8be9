package dev.vigil.core.inventory;

import dev.vigil.core.config.TextFiles;


import java.nio.file.Path;
import java.util.Locale;

/**
 * Loads an inventory file in whichever of the three formats it is written: Vigil's YAML (a
 * top-level {@code nodes:} list), an Ansible YAML inventory, or an Ansible INI inventory.
 */
public final class InventoryLoader {
    private InventoryLoader() {
    }

    public static Inventory load(Path path) {
        String text = TextFiles.read(path, "inventory file");
        return parse(text, path.toString());
    }

    public static Inventory parse(String text, String source) {
        switch (detect(text, source)) {
            case VIGIL: return VigilInventoryParser.parse(text, source);
            case ANSIBLE_YAML: return AnsibleYamlInventoryParser.parse(text, source);
            default: return AnsibleIniInventoryParser.parse(text, source);
        }
    }

    enum Format { VIGIL, ANSIBLE_YAML, ANSIBLE_INI }

    static Format detect(String text, String source) {
        String lower = source.toLowerCase(Locale.ROOT);
        boolean yamlName = lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json");
        String first = firstSignificantLine(text);
        boolean yamlContent = first.equals("---") || first.matches("[A-Za-z0-9_.\"'-]+\\s*:(\\s.*)?") || first.startsWith("{");
        if (!yamlName && !yamlContent) {
            return Format.ANSIBLE_INI;
        }
        for (String line : text.split("\r?\n")) {
            if (line.matches("nodes\\s*:.*")) {
                return Format.VIGIL;
            }
        }
        return Format.ANSIBLE_YAML;
    }

    private static String firstSignificantLine(String text) {
        for (String line : text.split("\r?\n")) {
            String s = line.strip();
            if (!s.isEmpty() && !s.startsWith("#") && !s.startsWith(";")) {
                return s;
            }
        }
        return "";
    }
}
