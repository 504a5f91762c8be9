package dev.vigil.core.config;

import dev.vigil.core.error.UsageException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where a secret lives: an environment variable or a file. Configuration and inventories hold only
 * this reference, never the secret; {@link #toString()} shows the reference, never the value.
 */
public final class SecretRef {
    public enum Kind { ENV, FILE }

    private final Kind kind;
    private final String ref;

    private SecretRef(Kind kind, String ref) {
        this.kind = kind;
        this.ref = ref;
    }

    public static SecretRef env(String variable) {
        if (variable == null || !variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not an environment variable name: '" + variable + "'");
        }
        return new SecretRef(Kind.ENV, variable);
    }

    public static SecretRef file(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("a secret file path must not be empty");
        }
        return new SecretRef(Kind.FILE, path);
    }

    /** Builds a reference from an "_env" and a "_file" setting, at most one of which may be set. */
    public static SecretRef ofEither(String envName, String fileName, String what) {
        if (envName != null && fileName != null) {
            throw new IllegalArgumentException(what + ": give either an env variable or a file, not both");
        }
        if (envName != null) {
            return env(envName);
        }
        return fileName == null ? null : file(fileName);
    }

    public Kind kind() {
        return kind;
    }

    public String ref() {
        return ref;
    }

    /**
     * Reads the secret. A file's trailing newline is dropped. A missing variable or file is a
     * usage error that names the reference, not the value.
     */
    public char[] resolve(Map<String, String> environment) {
        if (kind == Kind.ENV) {
            String value = environment.get(ref);
            if (value == null || value.isEmpty()) {
                throw new UsageException("environment variable " + ref + " is not set (it should hold a secret)");
            }
            return value.toCharArray();
        }
        Path path = Path.of(Paths.expandHome(ref));
        try {
            String value = Files.readString(path, StandardCharsets.UTF_8);
            int end = value.length();
            while (end > 0 && (value.charAt(end - 1) == '\n' || value.charAt(end - 1) == '\r')) {
                end--;
            }
            return value.substring(0, end).toCharArray();
        } catch (NoSuchFileException e) {
            throw new UsageException("secret file " + path + " does not exist");
        } catch (IOException e) {
            throw new UsageException("cannot read secret file " + path + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return (kind == Kind.ENV ? "env:" : "file:") + ref;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretRef && ((SecretRef) o).kind == kind && ((SecretRef) o).ref.equals(ref);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, ref);
    }
}
