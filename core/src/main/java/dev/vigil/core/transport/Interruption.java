package dev.vigil.core.transport;

/**
 * While open, Ctrl-C (or SIGTERM) closes the run's connections on the way out, which ends the
 * commands still running on the nodes instead of leaving them behind.
 */
public final class Interruption implements AutoCloseable {
    private final Thread hook;

    private Interruption(Thread hook) {
        this.hook = hook;
    }

    public static Interruption closes(Connections connections) {
        Thread hook = new Thread(connections::close, "vigil-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        return new Interruption(hook);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is already running
        }
    }
}
