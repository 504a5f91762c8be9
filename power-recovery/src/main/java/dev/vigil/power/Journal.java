package dev.vigil.power;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.config.Yaml;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A recovery run's journal: one JSON line per transition, appended and forced to disk as it
 * happens, so a controller that dies leaves a record {@code --resume} can continue from without
 * powering anything twice. A torn last line (death mid-write) is ignored when read.
 */
public final class Journal implements AutoCloseable {
    public record Entry(Instant time, String node, String event, int attempt, String detail) {
    }

    private final Path file;
    private final FileChannel channel;

    private Journal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    public static Journal open(Path file) throws IOException {
        dev.vigil.core.state.PrivateFiles.dirs(file.getParent());
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return new Journal(file, FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    public synchronized void record(String node, String event, int attempt, String detail) {
        ObjectNode o = Yaml.jsonMapper().createObjectNode();
        o.put("time", Instant.now().toString());
        o.put("node", node);
        o.put("event", event);
        o.put("attempt", attempt);
        if (detail != null) {
            o.put("detail", detail);
        }
        try {
            channel.write(java.nio.ByteBuffer.wrap((o + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the journal " + file, e);
        }
    }

    public static List<Entry> read(Path file) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            try {
                JsonNode n = Yaml.jsonMapper().readTree(line);
                out.add(new Entry(Instant.parse(n.get("time").asText()), n.get("node").asText(), n.get("event").asText(),
                        n.path("attempt").asInt(), n.hasNonNull("detail") ? n.get("detail").asText() : null));
            } catch (IOException | RuntimeException torn) {
                // the line being written when the controller died
            }
        }
        return out;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
