package dev.vigil.core.state;

import dev.vigil.core.error.UsageException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The one directory for Vigil's state, and the one place that names its layout: logs, known_hosts,
 * the health check's runs and baseline, the local backups, black-box records, fault bundles, the
 * alarm store, playbook reports, the schedule's records and recovery journals. Created on first use
 * readable by the operator only (0700). The paths are usable before the directory exists (as
 * {@code config show} needs); each feature makes its own subdirectory when it first writes there.
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

    /** Local backups: the default target when none is configured. */
    public Path backups() {
        return root.resolve("backups");
    }

    /** The health check's saved runs, one report per run. */
    public Path healthcheckRuns() {
        return root.resolve("healthcheck").resolve("runs");
    }

    /** The integrity baseline of the nodes' key config files. */
    public Path baseline() {
        return root.resolve("healthcheck").resolve("baseline.json");
    }

    /** Named health check runs (a playbook's pre-upgrade run), by name. */
    public Path namedRuns() {
        return root.resolve("healthcheck").resolve("named");
    }

    /** Black-box records (Kbox, pstore, kdump) and netconsole logs (under netconsole/). */
    public Path kbox() {
        return root.resolve("kbox");
    }

    /** One-click fault bundles. */
    public Path collect() {
        return root.resolve("collect");
    }

    /** The alarm store: every alarm, its history and the outbox of deliveries (core/alarm/AlarmStore). */
    public Path alarms() {
        return root.resolve("alarms");
    }

    /** The alarms an older Vigil raised itself (netconsole panics), read by the alarms check until they are in the store. */
    public Path activeAlarms() {
        return root.resolve("alarms").resolve("active.json");
    }

    /** The checklists of playbook runs. */
    public Path playbookReports() {
        return root.resolve("playbooks");
    }

    /** The schedule's state: runs.jsonl, the daemon's heartbeat, and the scheduled jobs' reports. */
    public Path schedule() {
        return root.resolve("schedule");
    }

    /** Power recovery's state: the journals and reports of its runs (runs/), and the nodes' load times. */
    public Path power() {
        return root.resolve("power");
    }

    /** Each BMC's event log as far as the bmc-events check has read it: per node, the last entry seen and every entry stored. */
    public Path bmcEvents() {
        return root.resolve("bmc-events");
    }
}
