package dev.vigil.cli;

import dev.vigil.core.config.VigilConfig;
import dev.vigil.core.fleet.FleetListener;
import dev.vigil.core.fleet.FleetRunner;
import dev.vigil.core.inventory.Inventory;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.session.Session;
import dev.vigil.core.state.StateDir;
import dev.vigil.core.transport.Connections;
import dev.vigil.core.transport.SshOptions;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A command's view of its run: the core {@link Session} built from the global options (config,
 * inventory, selection, state dir, connections), plus the terminal's streams, progress display and logging.
 */
public final class CommandContext {
    private final GlobalOptions o;
    private final Session session;

    CommandContext(GlobalOptions options) {
        this.o = options;
        this.session = new Session(options.sessionOptions(), options.env, new Session.Host() {
            @Override
            public FleetListener progress(String task) {
                return ProgressDisplay.create(o.progress, task, o.err);
            }

            @Override
            public void warn(String message) {
                o.err.println("vigil: warning: " + message);
                o.err.flush();
            }

            @Override
            public void stateDirReady(StateDir dir) {
                LoggingSetup.start(dir.logFile(), o.verbose.length, o.err);
            }
        });
    }

    /** The run as the features see it. */
    public Session session() {
        return session;
    }

    public PrintWriter out() {
        return o.out;
    }

    public PrintWriter err() {
        return o.err;
    }

    public Map<String, String> env() {
        return session.env();
    }

    public Path configPath() {
        return session.configPath();
    }

    public VigilConfig config() {
        return session.config();
    }

    public StateDir stateDir() {
        return session.stateDir();
    }

    public Path stateDirPath() {
        return session.stateDirPath();
    }

    public Path inventoryPath() {
        return session.inventoryPath();
    }

    public Inventory inventory() {
        return session.inventory();
    }

    public List<Node> selectedNodes() {
        return session.selectedNodes();
    }

    public int parallel() {
        return session.parallel();
    }

    public Duration commandTimeout() {
        return session.commandTimeout();
    }

    public Duration connectTimeout() {
        return session.connectTimeout();
    }

    public SshOptions sshOptions(boolean acceptNewHostKeys) {
        return session.sshOptions(acceptNewHostKeys);
    }

    public Connections connections(List<Node> nodes, boolean acceptNewHostKeys) {
        return session.connections(nodes, acceptNewHostKeys);
    }

    public FleetRunner fleet(Connections connections, Duration perNodeWork, FleetListener listener) {
        return session.fleet(connections, perNodeWork, listener);
    }

    public FleetListener progress(String task) {
        return session.progress(task);
    }
}
