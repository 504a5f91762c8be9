package dev.vigil.kbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.core.config.Yaml;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.state.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What has been collected into an output directory: per node, per content hash, where the record
 * was on the node and where it is stored, and its crash summary. A record whose hash is here is not
 * fetched again. Saved as {@code index.json} (atomically) with a readable {@code INDEX.txt} beside it.
 */
public final class RecordIndex {
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String kind, String source, String stored, long size, long mtime, String collectedAt, CrashSummary summary) {
    }

    private final Path dir;
    private final Map<String, Map<String, Entry>> nodes;

    private RecordIndex(Path dir, Map<String, Map<String, Entry>> nodes) {
        this.dir = dir;
        this.nodes = nodes;
    }

    public static RecordIndex load(Path dir) {
        Path f = dir.resolve("index.json");
        try {
            return new RecordIndex(dir, Yaml.jsonMapper().readValue(Files.readString(f, StandardCharsets.UTF_8),
                    new TypeReference<TreeMap<String, Map<String, Entry>>>() { }));
        } catch (NoSuchFileException e) {
            return new RecordIndex(dir, new TreeMap<>());
        } catch (IOException e) {
            throw new UsageException("cannot read " + f + ": " + e.getMessage());
        }
    }

    public synchronized boolean has(String node, String sha256) {
        return nodes.getOrDefault(node, Map.of()).containsKey(sha256);
    }

    public synchronized void add(String node, String sha256, Entry e) {
        nodes.computeIfAbsent(node, k -> new TreeMap<>()).put(sha256, e);
    }

    public synchronized Map<String, Entry> of(String node) {
        return new TreeMap<>(nodes.getOrDefault(node, Map.of()));
    }

    public synchronized void save() throws IOException {
        AtomicFiles.write(dir.resolve("index.json"), Yaml.jsonMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(nodes));
        StringBuilder sb = new StringBuilder("Crash records collected, by node (newest first); full records beside this file.\n");
        nodes.forEach((node, entries) -> {
            sb.append("\n== ").append(node).append(" (").append(entries.size()).append(" records)\n");
            List<Entry> sorted = new ArrayList<>(entries.values());
            sorted.sort((a, b) -> Long.compare(b.mtime(), a.mtime()));
            for (Entry e : sorted) {
                // names and summaries come from the nodes' files: printable only
                sb.append(String.format("  %s  %-6s %s -> %s%n", java.time.Instant.ofEpochSecond(e.mtime()), e.kind(),
                        dev.vigil.core.text.Printable.line(e.source()), dev.vigil.core.text.Printable.line(e.stored())));
                if (e.summary() != null) {
                    sb.append("      ").append(dev.vigil.core.text.Printable.line(e.summary().oneLine())).append('\n');
                    for (String t : e.summary().trace()) {
                        sb.append("        ").append(dev.vigil.core.text.Printable.line(t)).append('\n');
                    }
                }
            }
        });
        AtomicFiles.write(dir.resolve("INDEX.txt"), sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    public Path dir() {
        return dir;
    }
}
