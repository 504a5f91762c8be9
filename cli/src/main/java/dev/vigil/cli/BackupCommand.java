package dev.vigil.cli;

import dev.vigil.backup.BackupFreshness;
import dev.vigil.backup.BackupList;
import dev.vigil.backup.BackupPrune;
import dev.vigil.backup.BackupRelay;
import dev.vigil.backup.BackupRun;
import dev.vigil.backup.BackupUnlock;
import dev.vigil.backup.BackupVerify;
import dev.vigil.backup.RestoreRun;
import dev.vigil.backup.target.Targets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vigil backup run|list|verify|restore|prune|relay|unlock}: management data, generations on targets. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Back up the nodes' management data to a directory, an FTPS server or an SMB share; list, verify, restore it.",
                "Also prune and relay. What: the backup sets in vigil.yaml, or --paths. Where: file:///dir, ftpes:// (explicit TLS),",
                "ftps:// (implicit TLS), smb://[DOMAIN;]user@host/share/dir (SMB 3, signed and encrypted). Generations are full,",
                "incremental, differential or pre-risk; the latest 10 per node are kept, whole chains at a time."},
        subcommands = {BackupCommand.Run.class, BackupCommand.Check.class, BackupCommand.ListGenerations.class, BackupCommand.Verify.class,
                BackupCommand.Restore.class, BackupCommand.Prune.class, BackupCommand.RelayCmd.class, BackupCommand.Unlock.class})
final class BackupCommand extends GroupCommand {

    abstract static class TargetCommand extends ReportingCommand {
        @Option(names = "--target", paramLabel = "NAME|URL", description = "A target named in vigil.yaml, or a URL. Default: backup.target, else <state dir>/backups.")
        String target;

        @Option(names = "--target-password-file", paramLabel = "FILE", description = "The FTPS password (else VIGIL_TARGET_PASSWORD or the target's password_env/password_file). The global --password-file is the SSH password.")
        Path passwordFile;

        @Option(names = "--ca-file", paramLabel = "FILE", description = "Verify the FTPS server against these CA certificates (PEM) instead of the system trust store.")
        Path caFile;

        Targets.Overrides overrides() {
            return new Targets.Overrides(passwordFile, caFile);
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Back up the selected nodes in parallel, streaming over SSH, uploading as it goes.")
    static final class Run extends TargetCommand implements Callable<Integer> {
        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "full, incremental, differential (changes since the last full) or pre-risk.")
        String type;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (required for pre-risk); kept in the catalog.")
        String reason;

        @Option(names = "--paths", split = ",", paramLabel = "P1,P2", description = "An ad-hoc backup set for every selected node, instead of vigil.yaml's sets.")
        List<String> paths;

        @Option(names = "--no-relay", description = "Do not relay to backup.relay_to afterwards (done by default when the run used the default target).")
        boolean noRelay;

        @Option(names = "--transfer-timeout", paramLabel = "DURATION", description = "The longest one node's transfer may take. Default: 4h.")
        java.time.Duration timeout = java.time.Duration.ofHours(4);

        @Option(names = "--allow-shrink", description = "Keep a generation even when it holds under backup.min_size_ratio (0.5) of the previous one's bytes"
                + " (a run that reads nothing still fails).")
        boolean allowShrink;

        @Option(names = "--alarms", description = "Raise an alarm for a node whose backup failed or was partial (cleared when one works), as the scheduled backups do.")
        boolean alarms;

        @Override
        public Integer call() {
            return output.emit(context(), title(), BackupRun.run(context().session(), new BackupRun.Request(type, reason, paths, target, overrides(),
                    noRelay, timeout, allowShrink, alarms)));
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check that every selected node has a complete backup younger than backup.max_age (26h); CRIT for those that do not.")
    static final class Check extends TargetCommand implements Callable<Integer> {
        @Option(names = "--alarms", description = "Raise an alarm for each stale node (cleared when a backup is fresh again).")
        boolean alarms;

        @Override
        public Integer call() {
            return output.emit(context(), title(), BackupFreshness.run(context().session(), new BackupFreshness.Request(target, overrides(), null, alarms)));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the generations per node on the target: type, time, size, chain, reason.")
    static final class ListGenerations extends TargetCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            return output.emit(context(), title(), BackupList.run(context().session(), new BackupList.Request(target, overrides())));
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Verify the archives: every checksum, and that every incremental's chain is complete.")
    static final class Verify extends TargetCommand implements Callable<Integer> {
        @Option(names = "--generation", paramLabel = "G", description = "Only this generation (an id or a unique prefix). Default: all.")
        String generation;

        @Override
        public Integer call() {
            return output.emit(context(), title(), BackupVerify.run(context().session(), new BackupVerify.Request(generation, target, overrides())));
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, description = "Rebuild a node's point in time from its chain, into a directory or back onto the node.")
    static final class Restore extends TargetCommand implements Callable<Integer> {
        @Option(names = "--node", required = true, paramLabel = "NODE", description = "Whose backup.")
        String node;

        @Option(names = "--generation", paramLabel = "G", description = "An id (or unique prefix), or latest. Default: latest.")
        String generation = "latest";

        @Option(names = "--to", paramLabel = "DIR", description = "Write under this directory on the controller (dumps go to DIR/.vigil-dumps).")
        Path to;

        @Option(names = "--in-place", description = "Write back onto the node over SSH, after a safety copy of what it overwrites.")
        boolean inPlace;

        @Option(names = "--paths", split = ",", paramLabel = "GLOB", description = "Only paths matching these globs.")
        List<String> paths = new ArrayList<>();

        @Option(names = "--dry-run", description = "List what would change; touch nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            return output.emit(context(), title(), RestoreRun.run(context().session(),
                    new RestoreRun.Request(node, generation, to, inPlace, paths, dryRun, target, overrides())));
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true, description = "Apply retention: keep the newest backup.keep generations per node, whole chains; the oldest chains go first.")
    static final class Prune extends TargetCommand implements Callable<Integer> {
        @Option(names = "--dry-run", description = "Show what would be deleted; delete nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            return output.emit(context(), title(), BackupPrune.run(context().session(), new BackupPrune.Request(dryRun, target, overrides())));
        }
    }

    @Command(name = "relay", mixinStandardHelpOptions = true, description = "Copy new generations from the target to the relay target (a third-party FTP(S) server), verifying each.")
    static final class RelayCmd extends TargetCommand implements Callable<Integer> {
        @Option(names = "--to", paramLabel = "NAME|URL", description = "The relay target. Default: backup.relay_to.")
        String to;

        @Override
        public Integer call() {
            return output.emit(context(), title(), BackupRelay.run(context().session(), new BackupRelay.Request(to, target, overrides())));
        }
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true, description = "Remove a target's lock that a dead run left (check first that no run is active).")
    static final class Unlock extends TargetCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            return output.emit(context(), title(), BackupUnlock.run(context().session(), new BackupUnlock.Request(target, overrides())));
        }
    }
}
