package dev.vigil.playbooks;

import dev.vigil.core.action.Action;
import dev.vigil.core.error.UsageException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Finds playbooks: a YAML file by path, or one of the shipped ones by name. */
public final class Playbooks {
    public static final List<String> SHIPPED = List.of("pre-upgrade", "post-upgrade", "daily-routine", "weekly-full-backup",
            "daily-incremental-backup", "power-outage-recovery", "fault-collect", "alarm-scan", "blackbox-collection");

    private Playbooks() {
    }

    /** The text and its source name (the file path, or shipped:NAME). */
    public record Source(String name, String text) {
    }

    public static Source find(String nameOrFile) {
        Path p = Path.of(nameOrFile);
        if (nameOrFile.contains("/") || nameOrFile.endsWith(".yaml") || nameOrFile.endsWith(".yml") || Files.exists(p)) {
            try {
                return new Source(p.toString(), Files.readString(p, StandardCharsets.UTF_8));
            } catch (java.nio.file.NoSuchFileException e) {
                throw new UsageException("playbook file " + p + " does not exist");
            } catch (IOException e) {
                throw new UsageException("cannot read playbook " + p + ": " + e.getMessage());
            }
        }
        if (!SHIPPED.contains(nameOrFile)) {
            throw new UsageException("no playbook '" + nameOrFile + "': give a file, or one of " + String.join(", ", SHIPPED));
        }
        try (InputStream in = Playbooks.class.getResourceAsStream("shipped/" + nameOrFile + ".yaml")) {
            return new Source("shipped:" + nameOrFile, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Finds, parses and validates; every problem is a usage error naming file, line and column. */
    public static Playbook load(String nameOrFile, Map<String, Action> actions, Map<String, String> vars) {
        Source s = find(nameOrFile);
        try {
            return Playbook.parse(s.name(), s.text(), actions, vars);
        } catch (Playbook.InvalidPlaybookException e) {
            throw new UsageException(String.join("\n  ", e.problems()));
        }
    }
}
