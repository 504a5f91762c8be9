package dev.vigil.core.transport;

import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Outcome;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * Runs commands on one node and moves files to and from it. Local (the controller itself) and
 * SSH implementations pass one contract suite ({@code TransportContract}).
 *
 * <p>Contract: a transport is safe for concurrent use by several threads; commands run through
 * {@code /bin/sh -c} on the node; a command still running at its deadline is ended on the node
 * (its whole process tree) before {@link CommandTimeoutException} is thrown; connection problems
 * are {@link TransportException}s whose outcome says how to report the node.
 */
public interface Transport extends AutoCloseable {
    /** How much of each stream {@link #exec} keeps; larger output is cut and flagged. */
    int CAPTURE_LIMIT = 8 * 1024 * 1024;

    Node node();

    /**
     * Runs {@code command} with {@code stdin} (null for none) and streams its output to the sinks.
     * The sinks are not closed.
     *
     * @return the exit code, or -1 when the command was ended by a signal
     * @throws CommandTimeoutException when the deadline passed; the command has been ended
     */
    int run(String command, InputStream stdin, OutputStream stdout, OutputStream stderr, Duration timeout)
            throws TransportException;

    /** Runs {@code command} and captures its output; a timeout yields a result flagged timedOut. */
    default ExecResult exec(String command, Duration timeout) throws TransportException {
        BoundedOutput out = new BoundedOutput(CAPTURE_LIMIT);
        BoundedOutput err = new BoundedOutput(CAPTURE_LIMIT);
        long start = System.nanoTime();
        int code;
        boolean timedOut = false;
        try {
            code = run(command, null, out, err, timeout);
        } catch (CommandTimeoutException e) {
            code = -1;
            timedOut = true;
        }
        return new ExecResult(code, out.text(), err.text(), out.truncated(), err.truncated(), timedOut,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Streams the file at {@code path} on the node into {@code sink}.
     *
     * @throws RemoteFileException when the file is missing or unreadable
     */
    default void read(String path, OutputStream sink, Duration timeout) throws TransportException {
        String p = ShellQuote.quote(path);
        BoundedOutput err = new BoundedOutput(4096);
        int code = run("if [ -d " + p + " ]; then echo 'is a directory' >&2; exit 75; fi; "
                + "if [ ! -e " + p + " ] && [ ! -L " + p + " ]; then exit 74; fi; "
                + "if [ ! -r " + p + " ]; then exit 77; fi; exec cat -- " + p, null, sink, err, timeout);
        checkFileCode(code, path, err.text());
    }

    /**
     * Writes {@code source} to {@code path} on the node with the given octal mode (e.g. "0600").
     * The file appears whole or not at all: it is written to a temporary name beside it and renamed.
     */
    default void write(String path, InputStream source, String mode, Duration timeout) throws TransportException {
        if (!mode.matches("0?[0-7]{3,4}")) {
            throw new IllegalArgumentException("file mode must be octal like 0644, not '" + mode + "'");
        }
        String p = ShellQuote.quote(path);
        BoundedOutput err = new BoundedOutput(4096);
        int code = run("d=$(dirname -- " + p + ") && [ -d \"$d\" ] || exit 74; "
                + "[ -w \"$d\" ] || exit 77; "
                + "t=" + p + ".vigil-tmp.$$; umask 077; "
                + "if cat > \"$t\" && chmod " + mode + " \"$t\" && mv -f -- \"$t\" " + p + "; then exit 0; fi; "
                + "rm -f -- \"$t\"; exit 76", source == null ? new ByteArrayInputStream(new byte[0]) : source,
                OutputStream.nullOutputStream(), err, timeout);
        checkFileCode(code, path, err.text());
    }

    private static void checkFileCode(int code, String path, String stderr) throws RemoteFileException {
        switch (code) {
            case 0: return;
            case 74: throw new RemoteFileException(RemoteFileException.Reason.NOT_FOUND, path, null);
            case 77: throw new RemoteFileException(RemoteFileException.Reason.PERMISSION_DENIED, path, null);
            default: throw new RemoteFileException(RemoteFileException.Reason.IO_ERROR, path, stderr);
        }
    }

    /** How the connection was made; for the local transport, zero time and no host key. */
    record ConnectionInfo(Duration connectTime, String hostKey, boolean hostKeyNewlyTrusted) {
        public static final ConnectionInfo LOCAL = new ConnectionInfo(Duration.ZERO, null, false);
    }

    default ConnectionInfo connectionInfo() {
        return ConnectionInfo.LOCAL;
    }

    /** Ends the connection; commands still running are ended. Never throws. */
    @Override
    void close();

    /** The command passed its deadline and was ended on the node. */
    final class CommandTimeoutException extends TransportException {
        private static final long serialVersionUID = 1L;

        public CommandTimeoutException(Duration timeout) {
            super(Outcome.TIMED_OUT, "command did not finish within " + dev.vigil.core.config.Durations.format(timeout)
                    + " and was ended");
        }
    }
}
