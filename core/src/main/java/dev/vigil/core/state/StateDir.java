package dev.vigil.core.state;

import dev.vigil.core.error.UsageException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The one directory for Vigil's state: logs, known_hosts, and later history, baselines, catalogs
 * and journals. Created on first use readable by the operator only (0700). The path is usable
 * before the directory exists (as {@code config show} needs).
 */
public final class StateDir {
    private final Path root;

    public StateDir(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** {@code /var/lib/vigil} for root, {@code $XDG_STATE_HOME/vigil} or {@code ~/.local/state/vigil} otherwise. */
    public static Path defaultPath(java.util.Map<String, String> env) {
        if ("root".equals(System.getProperty("user.name"))) {
            return Path.of("/var/lib/vigil");
        }
        String xdg = env.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "vigil");
        }
        return Path.of(System.getProperty("user.home"), ".local", "state", "vigil");
    }

    public Path root() {
        return root;
    }

    /** The directory, created 0700 if absent. */
    public Path ensure() {
        try {
            if (!Files.isDirectory(root)) {
                Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            return root;
        } catch (IOException e) {
            throw new UsageException("cannot create state directory " + root + ": " + e.getMessage()
                    + " (choose another with --state-dir)");
        }
    }

    public Path knownHosts() {
        return root.resolve("known_hosts");
    }

    public Path logFile() {
        return root.resolve("vigil.log");
    }
}
