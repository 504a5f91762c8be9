package dev.vigil.core.config;

import dev.vigil.core.error.UsageException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads an operator's file (config, inventory): a missing or unreadable one is a one-line usage error. */
public final class TextFiles {
    private TextFiles() {
    }

    /** @param what how the error names the file, e.g. "config file" */
    public static String read(Path path, String what) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException(what + " " + path + " does not exist");
        } catch (IOException e) {
            throw new UsageException("cannot read " + what + " " + path + ": " + e.getMessage());
        }
    }
}
