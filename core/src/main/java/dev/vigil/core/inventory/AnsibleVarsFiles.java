package dev.vigil.core.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.config.TextFiles;
import dev.vigil.core.config.Yaml;
import dev.vigil.core.error.UsageException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code group_vars/} and {@code host_vars/} beside an inventory, read as Ansible's host_group_vars
 * plugin reads them: for a group or host NAME, the first of {@code NAME}, {@code NAME.yml},
 * {@code NAME.yaml}, {@code NAME.json} that exists; a directory of that name gives all its files (sorted,
 * recursively; hidden files, backups~ and other extensions skipped) merged in order, later keys winning.
 * Files encrypted with ansible-vault are skipped with a warning (Vigil takes secrets only from env or files).
 */
final class AnsibleVarsFiles {
    private static final List<String> EXTENSIONS = List.of("", ".yml", ".yaml", ".json");

    private AnsibleVarsFiles() {
    }

    static void read(AnsibleInventoryModel model, Path dir) {
        Path groupVars = dir.resolve("group_vars");
        Path hostVars = dir.resolve("host_vars");
        if (Files.isDirectory(groupVars)) {
            List<String> names = new ArrayList<>(model.groups.keySet());
            if (!names.contains("all")) {
                names.add(0, "all");
            }
            if (!names.contains("ungrouped")) {
                names.add("ungrouped");
            }
            for (String g : names) {
                Map<String, String> vars = varsOf(groupVars, g, model);
                if (!vars.isEmpty()) {
                    model.groupVarsFiles.put(g, vars);
                }
            }
        }
        if (Files.isDirectory(hostVars)) {
            for (String h : model.hostVars.keySet()) {
                Map<String, String> vars = varsOf(hostVars, h, model);
                if (!vars.isEmpty()) {
                    model.hostVarsFiles.put(h, vars);
                }
            }
        }
    }

    private static Map<String, String> varsOf(Path dir, String name, AnsibleInventoryModel model) {
        Map<String, String> out = new LinkedHashMap<>();
        if (name.startsWith("/") || name.contains("..")) {
            return out;
        }
        for (String ext : EXTENSIONS) {
            Path p = dir.resolve(name + ext);
            if (Files.isDirectory(p)) {
                List<Path> files = new ArrayList<>();
                walk(p, files);
                files.forEach(f -> out.putAll(load(f, model)));
                return out;
            }
            if (Files.exists(p)) {
                out.putAll(load(p, model));
                return out;
            }
        }
        return out;
    }

    private static void walk(Path dir, List<Path> out) {
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted().toList();
        } catch (IOException e) {
            throw new UsageException("cannot read " + dir + ": " + e.getMessage());
        }
        for (Path p : entries) {
            String n = p.getFileName().toString();
            if (n.startsWith(".") || n.endsWith("~")) {
                continue;
            }
            int dot = n.lastIndexOf('.');
            String ext = dot > 0 ? n.substring(dot) : "";
            if (Files.isDirectory(p)) {
                if (ext.isEmpty()) {
                    walk(p, out);
                }
            } else if (Files.isRegularFile(p) && EXTENSIONS.contains(ext)) {
                out.add(p);
            }
        }
    }

    private static Map<String, String> load(Path file, AnsibleInventoryModel model) {
        String text = TextFiles.read(file, "vars file");
        if (text.startsWith("$ANSIBLE_VAULT;")) {
            model.warnings.add("skipped " + file + ": it is encrypted with ansible-vault (Vigil takes secrets only from environment variables or files)");
            return Map.of();
        }
        JsonNode root;
        try {
            root = Yaml.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw Yaml.formatError(file.toString(), text, e);
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return Map.of();
        }
        if (!root.isObject()) {
            throw new InventoryFormatException(file.toString(), 1, 1, "a vars file must be a map of variables");
        }
        return AnsibleYamlInventoryParser.scalars(root, file.toString());
    }
}
