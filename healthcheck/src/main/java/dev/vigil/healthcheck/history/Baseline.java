package dev.vigil.healthcheck.history;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.core.config.Yaml;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.state.AtomicFiles;
import dev.vigil.core.state.StateDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The integrity baseline of key config files: per node, per path, the content hash, mode, owner,
 * group and size when it was recorded. Kept in {@code <state>/healthcheck/baseline.json}.
 */
public final class Baseline {
    public record FileState(String sha256, String mode, String owner, String group, long size) {
    }

    private final Path file;
    private final Map<String, Map<String, FileState>> nodes;

    private Baseline(Path file, Map<String, Map<String, FileState>> nodes) {
        this.file = file;
        this.nodes = nodes;
    }

    public static Baseline load(Path stateDir) {
        Path file = new StateDir(stateDir).baseline();
        try {
            Map<String, Map<String, FileState>> nodes = Yaml.jsonMapper().readValue(Files.readString(file, StandardCharsets.UTF_8),
                    new TypeReference<TreeMap<String, Map<String, FileState>>>() { });
            return new Baseline(file, nodes);
        } catch (NoSuchFileException e) {
            return new Baseline(file, new TreeMap<>());
        } catch (IOException e) {
            throw new UsageException("cannot read the baseline " + file + ": " + e.getMessage()
                    + " (record a new one with: vigil healthcheck baseline --update)");
        }
    }

    /** The node's recorded files, or null when none was recorded for it. */
    public Map<String, FileState> forNode(String node) {
        return nodes.get(node);
    }

    public boolean has(String node) {
        return nodes.containsKey(node);
    }

    public synchronized void record(String node, Map<String, FileState> files) {
        nodes.put(node, new TreeMap<>(files));
    }

    public synchronized void save() throws IOException {
        AtomicFiles.write(file, Yaml.jsonMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(nodes));
    }

    public Path file() {
        return file;
    }
}
