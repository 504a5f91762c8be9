package dev.vigil.healthcheck.hardware;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.bmc.SelEntry;
import dev.vigil.core.config.Yaml;
import dev.vigil.core.state.AtomicFiles;
import dev.vigil.core.state.PrivateFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What was read of each BMC's event log: per node, {@code <node>.jsonl} every entry ever read (so a cleared SEL
 * loses nothing), and {@code <node>.json} the last entry of the log at the last read. An entry is new when it
 * was never stored, wherever it stands in the log.
 */
public final class EventStore {
    private final Path dir;

    public EventStore(Path dir) {
        this.dir = dir;
    }

    /**
     * The entries not stored before, in the log's order. Identity is the entry itself (id, time, sensor, event,
     * direction), not its position: BMCs reuse record ids after a clear, and some list newest first.
     */
    public List<SelEntry> unseen(String node, List<SelEntry> entries) throws IOException {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (SelEntry e : stored(node)) {
            seen.add(e.key());
        }
        List<SelEntry> out = new ArrayList<>();
        java.util.Set<String> now = new java.util.HashSet<>();
        for (SelEntry e : entries) {
            if (!seen.contains(e.key()) && now.add(e.key())) {
                out.add(e);
            }
        }
        return out;
    }

    /** Whether this node's log was ever read. */
    public boolean known(String node) throws IOException {
        return Files.exists(file(node, ".json"));
    }

    /** Stores the new entries, then marks the last of the log as seen (null: the log is empty, e.g. just cleared). */
    public void record(String node, List<SelEntry> fresh, SelEntry last) throws IOException {
        PrivateFiles.dirs(dir);
        if (!fresh.isEmpty()) {
            StringBuilder b = new StringBuilder();
            for (SelEntry e : fresh) {
                b.append(Yaml.jsonMapper().writeValueAsString(e)).append('\n');
            }
            try (java.io.OutputStream out = PrivateFiles.append(file(node, ".jsonl"))) {
                out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        ObjectNode state = Yaml.jsonMapper().createObjectNode();
        state.put("last_seen", last == null ? null : last.key());
        AtomicFiles.write(file(node, ".json"), Yaml.jsonMapper().writeValueAsBytes(state), "rw-------");
    }

    /** Every entry stored for a node, oldest first. */
    public List<SelEntry> stored(String node) throws IOException {
        Path log = file(node, ".jsonl");
        List<SelEntry> out = new ArrayList<>();
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    try {
                        out.add(Yaml.jsonMapper().readValue(line, SelEntry.class));
                    } catch (IOException e) {
                        // a line torn by a crash mid-append: the entries before and after it still count
                    }
                }
            }
        }
        return out;
    }

    private Path file(String node, String ext) {
        return dir.resolve(java.net.URLEncoder.encode(node, StandardCharsets.UTF_8) + ext);
    }
}
