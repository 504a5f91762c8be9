package dev.vigil.cli;

import dev.vigil.core.config.Durations;
import dev.vigil.core.config.Paths;
import dev.vigil.core.config.SecretRef;
import dev.vigil.core.config.VigilConfig;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.error.VigilException;
import dev.vigil.core.result.ExitCode;
import dev.vigil.core.fleet.FleetListener;
import dev.vigil.core.fleet.FleetRunner;
import dev.vigil.core.inventory.HostPattern;
import dev.vigil.core.inventory.Inventory;
import dev.vigil.core.inventory.InventoryLoader;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.state.StateDir;
import dev.vigil.core.transport.Connections;
import dev.vigil.core.transport.SshOptions;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything a command needs, built once from the global options, the config file and the
 * defaults, in that order of precedence. Built lazily: --help and --version touch none of it.
 */
public final class CommandContext {
    private final GlobalOptions o;
    private final Path configPath;
    private final VigilConfig config;
    private StateDir stateDir;
    private Inventory inventory;

    CommandContext(GlobalOptions options) {
        this.o = options;
        this.configPath = findConfig(options);
        this.config = configPath == null ? VigilConfig.empty() : VigilConfig.load(configPath);
    }

    private static Path findConfig(GlobalOptions o) {
        if (o.config != null) {
            return o.config;
        }
        String fromEnv = o.env.get("VIGIL_CONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        for (Path p : List.of(Path.of(System.getProperty("user.home"), ".config", "vigil", "vigil.yaml"),
                Path.of("/etc/vigil/vigil.yaml"))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    public PrintWriter out() {
        return o.out;
    }

    public PrintWriter err() {
        return o.err;
    }

    public Map<String, String> env() {
        return o.env;
    }

    public Path configPath() {
        return configPath;
    }

    public VigilConfig config() {
        return config;
    }

    /** The state directory, created 0700, with logging to its vigil.log started. */
    public StateDir stateDir() {
        if (stateDir == null) {
            stateDir = new StateDir(stateDirPath());
            stateDir.ensure();
            LoggingSetup.start(stateDir.logFile(), o.verbose.length, o.err);
        }
        return stateDir;
    }

    public Path stateDirPath() {
        return o.stateDir != null ? o.stateDir
                : config.stateDir() != null ? Path.of(Paths.expandHome(config.stateDir())) : StateDir.defaultPath(o.env);
    }

    public Path inventoryPath() {
        if (o.inventory != null) {
            return o.inventory;
        }
        return config.inventory() == null ? null : Path.of(Paths.expandHome(config.inventory()));
    }

    public Inventory inventory() {
        if (inventory == null) {
            Path p = inventoryPath();
            inventory = p == null ? Inventory.localOnly() : InventoryLoader.load(p);
            for (String w : inventory.warnings()) {
                o.err.println("vigil: warning: " + w);
                org.slf4j.LoggerFactory.getLogger(CommandContext.class).warn(w);
            }
            o.err.flush();
        }
        return inventory;
    }

    /** The nodes --limit selects; a pattern that matches nothing is a usage error. */
    public List<Node> selectedNodes() {
        Inventory inv = inventory();
        if (inv.nodes().isEmpty()) {
            // nothing checked is not "all OK": UNKNOWN, as a monitoring system must see it
            throw new VigilException(ExitCode.UNKNOWN, "the inventory " + inventoryPath() + " has no nodes (an empty file, or groups whose"
                    + " hosts are never listed); nothing was done");
        }
        return HostPattern.select(inv, o.limit);
    }

    public int parallel() {
        int p = o.parallel != null ? o.parallel : config.parallel() != null ? config.parallel() : VigilConfig.DEFAULT_PARALLEL;
        if (p < 1) {
            throw new UsageException("--parallel must be at least 1");
        }
        return p;
    }

    public Duration commandTimeout() {
        String s = o.timeout != null ? o.timeout : config.commandTimeout();
        return s == null ? VigilConfig.DEFAULT_COMMAND_TIMEOUT : duration(s, "--timeout");
    }

    public Duration connectTimeout() {
        String s = o.connectTimeout != null ? o.connectTimeout : config.sshOrEmpty().connectTimeout();
        return s == null ? Duration.ofSeconds(10) : duration(s, "--connect-timeout");
    }

    private static Duration duration(String s, String flag) {
        try {
            Duration d = Durations.parse(s);
            if (d.isZero()) {
                throw new IllegalArgumentException("must be longer than zero");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new UsageException(flag + ": " + e.getMessage());
        }
    }

    public SshOptions sshOptions(boolean acceptNewHostKeys) {
        VigilConfig.Ssh s = config.sshOrEmpty();
        List<Path> ids = new ArrayList<>(o.identity);
        if (ids.isEmpty() && s.identity() != null) {
            s.identity().forEach(i -> ids.add(Path.of(Paths.expandHome(i))));
        }
        Path known;
        List<Path> readOnly = new ArrayList<>();
        if (o.knownHosts != null) {
            known = o.knownHosts;
        } else if (s.knownHosts() != null) {
            known = Path.of(Paths.expandHome(s.knownHosts()));
        } else {
            known = new StateDir(stateDirPath()).knownHosts();
            readOnly.add(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));
        }
        SecretRef password = s.password();
        if (o.passwordFile != null) {
            password = SecretRef.file(o.passwordFile.toString());
        } else if (password == null && o.env.get("VIGIL_SSH_PASSWORD") != null) {
            password = SecretRef.env("VIGIL_SSH_PASSWORD");
        }
        Path sshConfig = o.sshConfig != null ? o.sshConfig
                : s.config() != null ? Path.of(Paths.expandHome(s.config()))
                : Path.of(System.getProperty("user.home"), ".ssh", "config");
        if (o.sshConfig != null && !Files.isReadable(o.sshConfig)) {
            throw new UsageException("ssh config " + o.sshConfig + " does not exist or is not readable");
        }
        return new SshOptions(o.user != null ? o.user : s.user(), s.port(), ids, known, readOnly,
                acceptNewHostKeys || Boolean.TRUE.equals(s.acceptNewHostKeys()), connectTimeout(),
                s.keepaliveInterval() != null ? Durations.parse(s.keepaliveInterval()) : Duration.ofSeconds(15),
                s.keepaliveCountMax() != null ? s.keepaliveCountMax() : 3, password, s.passphrase(), sshConfig,
                s.agent() == null || s.agent());
    }

    /** Connections for these nodes, checked before anything runs (key files exist, secrets resolve). */
    public Connections connections(List<Node> nodes, boolean acceptNewHostKeys) {
        Connections c = new Connections(sshOptions(acceptNewHostKeys), o.env);
        c.preflight(nodes);
        return c;
    }

    /** A fan-out whose hard per-node deadline leaves room for connecting and for ending a late command. */
    public FleetRunner fleet(Connections connections, Duration perNodeWork, FleetListener listener) {
        Duration deadline = connectTimeout().plus(perNodeWork).plusSeconds(15);
        return new FleetRunner(connections, parallel(), deadline, listener);
    }

    public FleetListener progress(String task) {
        return ProgressDisplay.create(o.progress, task, o.err);
    }
}
