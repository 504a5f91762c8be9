package dev.vigil.core.session;

import dev.vigil.core.config.Durations;
import dev.vigil.core.config.Paths;
import dev.vigil.core.config.SecretRef;
import dev.vigil.core.config.VigilConfig;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.error.VigilException;
import dev.vigil.core.fleet.FleetListener;
import dev.vigil.core.fleet.FleetRunner;
import dev.vigil.core.inventory.HostPattern;
import dev.vigil.core.inventory.Inventory;
import dev.vigil.core.inventory.InventoryLoader;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.ExitCode;
import dev.vigil.core.state.StateDir;
import dev.vigil.core.transport.Connections;
import dev.vigil.core.transport.SshOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything a use case needs from its run, built from the operator's {@link SessionOptions}, the
 * config file and the defaults, in that order of precedence: config, inventory and selection, state
 * directory, timeouts, SSH settings, connections and the fan-out. Built lazily: nothing is read or
 * created before a use case asks for it. The command line, a playbook step and a scheduled job all
 * call the features through one of these.
 */
public final class Session {
    /** What the front end provides: a progress display, a place for warnings, and what to do once the state directory exists. */
    public interface Host {
        Host QUIET = new Host() {
        };

        default FleetListener progress(String task) {
            return FleetListener.NONE;
        }

        default void warn(String message) {
        }

        default void stateDirReady(StateDir dir) {
        }
    }

    private final SessionOptions o;
    private final Map<String, String> env;
    private final Host host;
    private final Path configPath;
    private final VigilConfig config;
    private final Shared shared;
    /** A second selection the limit's nodes are narrowed to (a scheduled job's partition), or null. */
    private final String partition;

    /** What every session of one run shares, whatever its selection: loaded once. */
    private static final class Shared {
        StateDir stateDir;
        Inventory inventory;
    }

    public Session(SessionOptions options, Map<String, String> env, Host host) {
        this.o = options;
        this.env = Map.copyOf(env);
        this.host = host;
        this.configPath = findConfig(options, env);
        this.config = configPath == null ? VigilConfig.empty() : VigilConfig.load(configPath);
        this.shared = new Shared();
        this.partition = null;
    }

    private Session(Session base, SessionOptions options) {
        this(base, options, base.host);
    }

    private Session(Session base, SessionOptions options, Host host) {
        this(base, options, host, base.partition);
    }

    private Session(Session base, SessionOptions options, Host host, String partition) {
        this.o = options;
        this.env = base.env;
        this.host = host;
        this.configPath = base.configPath;
        this.config = base.config;
        this.shared = base.shared;
        this.partition = partition;
    }

    /** The same run narrowed to the nodes {@code pattern} selects too (a scheduled job's partition, e.g. rack=r1). */
    public Session withPartition(String pattern) {
        return new Session(this, o, host, pattern);
    }

    /**
     * A new run with the same options: the config file and the inventory are read again (a daemon's
     * next job sees the operator's edits), the state directory is kept.
     */
    public Session fresh() {
        Session s = new Session(o, env, host);
        synchronized (shared) {
            s.shared.stateDir = shared.stateDir;
        }
        return s;
    }

    /** The same run with another node selection (a playbook step's or a job's); config and inventory are shared. */
    public Session withLimit(String limit) {
        return new Session(this, o.withLimit(limit));
    }

    /**
     * The same run without a progress display: for work done on a playbook's or a job's behalf, whose
     * runner shows its own progress (the steps). Warnings and logging stay.
     */
    public Session quiet() {
        Host base = host;
        return new Session(this, o, new Host() {
            @Override
            public void warn(String message) {
                base.warn(message);
            }

            @Override
            public void stateDirReady(StateDir dir) {
                base.stateDirReady(dir);
            }
        });
    }

    /** The same run with another fan-out width (a recovery step's parallel). */
    public Session withParallel(int parallel) {
        return new Session(this, o.withParallel(parallel));
    }

    /** The config file these options and this environment name (--config, $VIGIL_CONFIG, the usual places), or null; nothing is read. */
    public static Path findConfig(SessionOptions o, Map<String, String> env) {
        if (o.config() != null) {
            return o.config();
        }
        String fromEnv = env.get("VIGIL_CONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        for (Path p : List.of(Path.of(System.getProperty("user.home"), ".config", "vigil", "vigil.yaml"), Path.of("/etc/vigil/vigil.yaml"))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    public SessionOptions options() {
        return o;
    }

    public Map<String, String> env() {
        return env;
    }

    public Host host() {
        return host;
    }

    /** The config file in use, or null when there is none (every section at its defaults). */
    public Path configPath() {
        return configPath;
    }

    public VigilConfig config() {
        return config;
    }

    public String limit() {
        return o.limit();
    }

    /** Whether the nodes are a chosen subset (a limit or a partition), not the whole inventory. */
    public boolean narrowed() {
        return o.limit() != null || partition != null;
    }

    /** The state directory, created 0700; the host is told once it exists (logging starts there). */
    public StateDir stateDir() {
        synchronized (shared) {
            if (shared.stateDir == null) {
                StateDir d = new StateDir(stateDirPath());
                d.ensure();
                host.stateDirReady(d);
                shared.stateDir = d;
            }
            return shared.stateDir;
        }
    }

    public Path stateDirPath() {
        return o.stateDir() != null ? o.stateDir()
                : config.stateDir() != null ? Path.of(Paths.expandHome(config.stateDir())) : StateDir.defaultPath(env);
    }

    public Path inventoryPath() {
        if (o.inventory() != null) {
            return o.inventory();
        }
        return config.inventory() == null ? null : Path.of(Paths.expandHome(config.inventory()));
    }

    public Inventory inventory() {
        synchronized (shared) {
            if (shared.inventory == null) {
                Path p = inventoryPath();
                Inventory inv = p == null ? Inventory.localOnly() : InventoryLoader.load(p);
                for (String w : inv.warnings()) {
                    host.warn(w);
                    org.slf4j.LoggerFactory.getLogger(Session.class).warn(w);
                }
                shared.inventory = inv;
            }
            return shared.inventory;
        }
    }

    /** The nodes the limit selects; a pattern that matches nothing is a usage error, an inventory without nodes is UNKNOWN. */
    public List<Node> selectedNodes() {
        Inventory inv = inventory();
        if (inv.nodes().isEmpty()) {
            // nothing checked is not "all OK": UNKNOWN, as a monitoring system must see it
            throw new VigilException(ExitCode.UNKNOWN, "the inventory " + inventoryPath() + " has no nodes (an empty file, or groups whose"
                    + " hosts are never listed); nothing was done");
        }
        List<Node> selected = HostPattern.select(inv, o.limit());
        if (partition == null) {
            return selected;
        }
        java.util.Set<String> in = new java.util.HashSet<>();
        HostPattern.select(inv, partition).forEach(n -> in.add(n.name()));
        List<Node> narrowed = selected.stream().filter(n -> in.contains(n.name())).toList();
        if (narrowed.isEmpty()) {
            throw new dev.vigil.core.error.UsageException("the partition '" + partition + "' has none of the selected nodes");
        }
        return narrowed;
    }

    public int parallel() {
        int p = o.parallel() != null ? o.parallel() : config.parallel() != null ? config.parallel() : VigilConfig.DEFAULT_PARALLEL;
        if (p < 1) {
            throw new UsageException("--parallel must be at least 1");
        }
        return p;
    }

    /**
     * The deadline of a command on a node where the feature has its own default (a health check's 30s,
     * a connectivity probe's 30s): the global --timeout when it was given, else that default.
     */
    public Duration commandTimeoutOr(Duration featureDefault) {
        return o.timeout() != null ? positive(o.timeout(), "--timeout") : featureDefault;
    }

    /** Whether --timeout was given on the command line. */
    public boolean timeoutGiven() {
        return o.timeout() != null;
    }

    public Duration commandTimeout() {
        String s = o.timeout() != null ? o.timeout() : config.commandTimeout();
        return s == null ? VigilConfig.DEFAULT_COMMAND_TIMEOUT : positive(s, "--timeout");
    }

    public Duration connectTimeout() {
        String s = o.connectTimeout() != null ? o.connectTimeout() : config.sshOrEmpty().connectTimeout();
        return s == null ? Duration.ofSeconds(10) : positive(s, "--connect-timeout");
    }

    private static Duration positive(String s, String flag) {
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
        List<Path> ids = new ArrayList<>(o.identity());
        if (ids.isEmpty() && s.identity() != null) {
            s.identity().forEach(i -> ids.add(Path.of(Paths.expandHome(i))));
        }
        Path known;
        List<Path> readOnly = new ArrayList<>();
        if (o.knownHosts() != null) {
            known = o.knownHosts();
        } else if (s.knownHosts() != null) {
            known = Path.of(Paths.expandHome(s.knownHosts()));
        } else {
            known = new StateDir(stateDirPath()).knownHosts();
            readOnly.add(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));
        }
        SecretRef password = s.password();
        if (o.passwordFile() != null) {
            password = SecretRef.file(o.passwordFile().toString());
        } else if (password == null && env.get("VIGIL_SSH_PASSWORD") != null) {
            password = SecretRef.env("VIGIL_SSH_PASSWORD");
        }
        Path sshConfig = o.sshConfig() != null ? o.sshConfig()
                : s.config() != null ? Path.of(Paths.expandHome(s.config()))
                : Path.of(System.getProperty("user.home"), ".ssh", "config");
        if (o.sshConfig() != null && !Files.isReadable(o.sshConfig())) {
            throw new UsageException("ssh config " + o.sshConfig() + " does not exist or is not readable");
        }
        return new SshOptions(o.user() != null ? o.user() : s.user(), s.port(), ids, known, readOnly,
                acceptNewHostKeys || Boolean.TRUE.equals(s.acceptNewHostKeys()), connectTimeout(),
                s.keepaliveInterval() != null ? Durations.parse(s.keepaliveInterval()) : Duration.ofSeconds(15),
                s.keepaliveCountMax() != null ? s.keepaliveCountMax() : 3, password, s.passphrase(), sshConfig,
                s.agent() == null || s.agent());
    }

    /** Connections for these nodes, checked before anything runs (key files exist, secrets resolve). */
    public Connections connections(List<Node> nodes, boolean acceptNewHostKeys) {
        Connections c = new Connections(sshOptions(acceptNewHostKeys), env);
        c.preflight(nodes);
        return c;
    }

    /** A fan-out whose hard per-node deadline leaves room for connecting and for ending a late command. */
    public FleetRunner fleet(Connections connections, Duration perNodeWork, FleetListener listener) {
        Duration deadline = connectTimeout().plus(perNodeWork).plusSeconds(15);
        return new FleetRunner(connections, parallel(), deadline, listener);
    }

    public FleetListener progress(String task) {
        return host.progress(task);
    }
}
