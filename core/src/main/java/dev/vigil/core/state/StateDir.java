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
        return defaultPath(env, System.getProperty("user.name"), System.getProperty("user.home"));
    }

    /** As {@link #defaultPath(java.util.Map)} for this user, whose passwd home is {@code passwdHome}. */
    static Path defaultPath(java.util.Map<String, String> env, String user, String passwdHome) {
        if ("root".equals(user)) {
            return Path.of("/var/lib/vigil");
        }
        String xdg = env.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "vigil");
        }
        // $HOME as the shell has it, not the passwd entry's (a service user such as nobody has /nonexistent there)
        String home = env.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : passwdHome, ".local", "state", "vigil");
    }

    public Path root() {
        return root;
    }

    /**
     * The directory, created 0700 if absent. One that others may write to is refused: it holds
     * known_hosts (whoever can write it decides which host keys are trusted), backups' catalogs and
     * the alarm store.
     */
    public Path ensure() {
        try {
            if (!Files.isDirectory(root)) {
                Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.getPosixFilePermissions(root);
            if (perms.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE)
                    || perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE)) {
                throw new UsageException("the state directory " + root + " is writable by " + (perms.contains(
                        java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE) ? "everyone" : "its group") + " (mode "
                        + PosixFilePermissions.toString(perms) + "); it holds known_hosts and backup catalogs: chmod 700 " + root
                        + ", or choose another with --state-dir");
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
