package dev.vigil.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The options every command shares, mixed into the root command and inherited by every
 * subcommand, so they may stand before or after it ({@code vigil -i hosts exec ...} or
 * {@code vigil exec -i hosts ...}). A command asks {@link #context()} for the config, inventory,
 * connections and progress display built from them.
 */
public final class GlobalOptions {
    @Option(scope = ScopeType.INHERIT, names = {"-i", "--inventory"}, paramLabel = "FILE",
            description = "Inventory: Vigil YAML, or an Ansible INI/YAML inventory. Default: the config's, else the local machine alone.")
    Path inventory;

    @Option(scope = ScopeType.INHERIT, names = {"-l", "--limit"}, paramLabel = "PATTERN",
            description = "Select nodes as Ansible does: names, groups, globs, ~regex, comma lists, !exclusions, &intersections.")
    String limit;

    @Option(scope = ScopeType.INHERIT, names = {"-c", "--config"}, paramLabel = "FILE",
            description = "vigil.yaml. Default: $VIGIL_CONFIG, ~/.config/vigil/vigil.yaml, /etc/vigil/vigil.yaml, whichever exists.")
    Path config;

    @Option(scope = ScopeType.INHERIT, names = "--state-dir", paramLabel = "DIR",
            description = "State directory (logs, known_hosts, history). Default: /var/lib/vigil as root, else ~/.local/state/vigil.")
    Path stateDir;

    @Option(scope = ScopeType.INHERIT, names = {"-p", "--parallel"}, paramLabel = "N", description = "Nodes worked on at once (sliding window). Default: 20.")
    Integer parallel;

    @Option(scope = ScopeType.INHERIT, names = {"-t", "--timeout"}, paramLabel = "DURATION",
            description = "Deadline for each command on a node, e.g. 30s: exec, collect, kbox collect, each health check (over"
                    + " healthcheck.check_timeout), inventory check, recovery's ready command. Default: 10m (checks, probes and the"
                    + " ready command: 30s). A backup's transfer has --transfer-timeout; BMC calls power.bmc_timeout.")
    java.time.Duration timeout;

    @Option(scope = ScopeType.INHERIT, names = "--connect-timeout", paramLabel = "DURATION", description = "SSH connect timeout. Default: 10s.")
    java.time.Duration connectTimeout;

    @Option(scope = ScopeType.INHERIT, names = {"-u", "--user"}, paramLabel = "USER", description = "SSH user where the inventory names none.")
    String user;

    @Option(scope = ScopeType.INHERIT, names = "--identity", paramLabel = "FILE", description = "SSH private key file (repeatable).")
    List<Path> identity = new ArrayList<>();

    @Option(scope = ScopeType.INHERIT, names = "--known-hosts", paramLabel = "FILE",
            description = "known_hosts to verify against and record trusted keys in. Default: Vigil's own in the state dir, also reading ~/.ssh/known_hosts.")
    Path knownHosts;

    @Option(scope = ScopeType.INHERIT, names = "--ssh-config", paramLabel = "FILE", description = "OpenSSH client config to honour. Default: ~/.ssh/config.")
    Path sshConfig;

    @Option(scope = ScopeType.INHERIT, names = "--password-file", paramLabel = "FILE",
            description = "File holding the SSH password (or set VIGIL_SSH_PASSWORD). Keys are preferred.")
    Path passwordFile;

    @Option(scope = ScopeType.INHERIT, names = "--progress", paramLabel = "MODE", description = "auto (a bar on a terminal, nothing when piped), bar, plain or none.")
    ProgressDisplay.Mode progress = ProgressDisplay.Mode.AUTO;

    @Option(scope = ScopeType.INHERIT, names = {"-v", "--verbose"}, description = "Also show the log on stderr (-vv: more detail).")
    boolean[] verbose = new boolean[0];

    @Option(scope = ScopeType.INHERIT, names = "--stacktrace", description = "Print the stack trace of an error.")
    boolean stacktrace;

    Map<String, String> env = System.getenv();
    PrintWriter out;
    PrintWriter err;
    private CommandContext context;

    /** The options that reproduce this run on another command line (the crontab lines): all but -l and the display. */
    List<String> forward() {
        List<String> a = new ArrayList<>();
        if (inventory != null) {
            a.addAll(List.of("-i", inventory.toString()));
        }
        if (config != null) {
            a.addAll(List.of("-c", config.toString()));
        }
        if (stateDir != null) {
            a.addAll(List.of("--state-dir", stateDir.toString()));
        }
        if (parallel != null) {
            a.addAll(List.of("-p", parallel.toString()));
        }
        if (timeout != null) {
            a.addAll(List.of("-t", dev.vigil.core.config.Durations.format(timeout)));
        }
        if (connectTimeout != null) {
            a.addAll(List.of("--connect-timeout", dev.vigil.core.config.Durations.format(connectTimeout)));
        }
        if (user != null) {
            a.addAll(List.of("-u", user));
        }
        identity.forEach(i -> a.addAll(List.of("--identity", i.toString())));
        if (knownHosts != null) {
            a.addAll(List.of("--known-hosts", knownHosts.toString()));
        }
        if (sshConfig != null) {
            a.addAll(List.of("--ssh-config", sshConfig.toString()));
        }
        if (passwordFile != null) {
            a.addAll(List.of("--password-file", passwordFile.toString()));
        }
        a.addAll(List.of("--progress", "none"));
        return a;
    }

    /** The run's choices, for the core session. */
    dev.vigil.core.session.SessionOptions sessionOptions() {
        return new dev.vigil.core.session.SessionOptions(inventory, limit, config, stateDir, parallel,
                timeout == null ? null : dev.vigil.core.config.Durations.format(timeout),
                connectTimeout == null ? null : dev.vigil.core.config.Durations.format(connectTimeout), user, identity,
                knownHosts, sshConfig, passwordFile);
    }

    void bind(Map<String, String> env, PrintWriter out, PrintWriter err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public CommandContext context() {
        if (context == null) {
            context = new CommandContext(this);
        }
        return context;
    }
}
