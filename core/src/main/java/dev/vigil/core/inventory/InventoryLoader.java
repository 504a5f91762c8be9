package dev.vigil.core.inventory;

import dev.vigil.core.config.TextFiles;
import dev.vigil.core.error.UsageException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads an inventory in whichever of the three formats it is written: Vigil's YAML (a top-level
 * {@code nodes:} list), an Ansible YAML inventory, or an Ansible INI inventory; or an inventory
 * directory, whose files are merged as {@code ansible-inventory -i DIR} merges them. An Ansible
 * inventory takes {@code group_vars/} and {@code host_vars/} from beside it (see {@link AnsibleVarsFiles}).
 */
public final class InventoryLoader {
    /** What Ansible skips in an inventory directory: hidden files, the vars directories, and these extensions (INVENTORY_IGNORE_EXTS). */
    private static final Pattern IGNORED_NAME = Pattern.compile("^\\..*|^host_vars$|^group_vars$|^vars_plugins$");
    private static final List<String> IGNORED_EXTS = List.of(".pyc", ".pyo", ".swp", ".bak", "~", ".rpm", ".md", ".txt", ".rst",
            ".orig", ".ini", ".cfg", ".retry");

    private InventoryLoader() {
    }

    public static Inventory load(Path path) {
        if (Files.isDirectory(path)) {
            return loadDirectory(path);
        }
        String text = TextFiles.read(path, "inventory file");
        if (detect(text, path.toString()) == Format.VIGIL) {
            return VigilInventoryParser.parse(text, path.toString());
        }
        AnsibleInventoryModel model = new AnsibleInventoryModel();
        parseAnsible(model, text, path.toString());
        Path dir = path.toAbsolutePath().getParent();
        return finish(model, dir, path.toString());
    }

    public static Inventory parse(String text, String source) {
        switch (detect(text, source)) {
            case VIGIL: return VigilInventoryParser.parse(text, source);
            case ANSIBLE_YAML: return AnsibleYamlInventoryParser.parse(text, source);
            default: return AnsibleIniInventoryParser.parse(text, source);
        }
    }

    private static Inventory loadDirectory(Path dir) {
        AnsibleInventoryModel model = new AnsibleInventoryModel();
        List<Path> sources = new ArrayList<>();
        sources(dir, sources, model.warnings);
        if (sources.isEmpty()) {
            throw new UsageException("inventory directory " + dir + " holds no inventory file");
        }
        for (Path p : sources) {
            String text = TextFiles.read(p, "inventory file");
            if (detect(text, p.toString()) == Format.VIGIL) {
                throw new UsageException(p + ": a Vigil inventory (nodes:) cannot be merged in an inventory directory; give it alone with -i");
            }
            parseAnsible(model, text, p.toString());
        }
        return finish(model, dir, dir.toString());
    }

    /** An inventory directory's sources, in Ansible's order: sorted by name, subdirectories recursed. */
    private static void sources(Path dir, List<Path> out, List<String> warnings) {
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted().toList();
        } catch (IOException e) {
            throw new UsageException("cannot read inventory directory " + dir + ": " + e.getMessage());
        }
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (IGNORED_NAME.matcher(name).matches()) {
                continue;
            }
            if (IGNORED_EXTS.stream().anyMatch(name::endsWith)) {
                if (name.endsWith(".ini")) {
                    warnings.add("skipped " + p + ": Ansible ignores .ini files in an inventory directory (INVENTORY_IGNORE_EXTS); "
                            + "name it without the extension to have both read it");
                }
                continue;
            }
            if (Files.isDirectory(p)) {
                sources(p, out, warnings);
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            }
        }
    }

    private static void parseAnsible(AnsibleInventoryModel model, String text, String source) {
        if (detect(text, source) == Format.ANSIBLE_YAML) {
            AnsibleYamlInventoryParser.parseInto(model, text, source);
        } else {
            AnsibleIniInventoryParser.parseInto(model, text, source);
        }
    }

    private static Inventory finish(AnsibleInventoryModel model, Path varsDir, String source) {
        if (varsDir != null) {
            AnsibleVarsFiles.read(model, varsDir);
        }
        try {
            return model.toInventory(source);
        } catch (IllegalArgumentException e) {
            throw new InventoryFormatException(source, 0, 0, e.getMessage());
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
