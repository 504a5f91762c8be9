package dev.vigil.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Reads one feature's section of vigil.yaml ({@code healthcheck:}, {@code kbox:}, {@code power:})
 * into its own strict, validated class. The rest of the file is the core's to check; errors in the
 * section name the file, line and column like any other.
 */
public final class ConfigSections {
    private ConfigSections() {
    }

    /** The section bound to {@code type}, or {@code defaults} when there is no file or no such section. */
    public static <T> T read(Path configPath, String section, Class<T> type, Supplier<T> defaults) {
        if (configPath == null) {
            return defaults.get();
        }
        String text = TextFiles.read(configPath, "config file");
        if (text.isBlank()) {
            return defaults.get();
        }
        try {
            JsonNode root = Yaml.mapper().readTree(text);
            if (root == null || !root.hasNonNull(section)) {
                return defaults.get();
            }
            T value = Yaml.strictMapper().readerFor(type).at("/" + section).readValue(text);
            return value == null ? defaults.get() : value;
        } catch (JsonProcessingException e) {
            throw Yaml.formatError(configPath.toString(), text, e);
        }
    }
}
