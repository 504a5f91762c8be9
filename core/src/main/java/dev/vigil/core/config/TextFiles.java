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
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException(what + " " + path + " does not exist");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UsageException(what + " " + path + " is not UTF-8 text");
        } catch (IOException e) {
            throw new UsageException("cannot read " + what + " " + path + ": " + e.getMessage());
        }
        String bad = controlCharacter(text);
        if (bad != null) {
            throw new UsageException(path + ":" + bad + " is not allowed in a " + what);
        }
        return text;
    }

    /** "LINE:COLUMN: a control character (U+0000)" for the first one that is not a tab or a line end; null when none. */
    public static String controlCharacter(String text) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                col = 1;
                continue;
            }
            if ((c < 0x20 && c != '\r' && c != '\t') || c == 0x7F) {
                return line + ":" + col + ": a control character (U+" + String.format("%04X", (int) c) + ")";
            }
            col++;
        }
        return null;
    }
}
