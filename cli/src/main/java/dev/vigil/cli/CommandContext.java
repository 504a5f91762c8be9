package dev.vigil.cli;

import dev.vigil.core.fleet.FleetListener;
import dev.vigil.core.session.Session;
import dev.vigil.core.state.StateDir;

import java.io.PrintWriter;

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
}
