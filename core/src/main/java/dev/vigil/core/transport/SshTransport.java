package dev.vigil.core.transport;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Outcome;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Commands over one SSH session, shared by all commands to the node in a run.
 *
 * <p>Each command runs as {@code exec /bin/sh -c 'echo $$; COMMAND'}: the first line of output is
 * the shell's PID (stripped before the caller sees output). OpenSSH starts the command in a new
 * session, so that PID leads the command's process group; at the deadline the group is sent TERM,
 * then KILL, through a second channel — nothing is left running on the node. Where the server does
 * not start a new session, the process tree is walked instead.
 */
final class SshTransport implements Transport {
    private final Node node;
    private final Session session;
    private final Duration connectTimeout;
    private final ConnectionInfo info;
    /** Commands in flight, so that closing the transport (Ctrl-C) ends them on the node too. */
    private final java.util.Set<PidLineFilter> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Become (sudo/su) for a login user that is not root; null to run as the login user. */
    private final BecomeShell become;

    SshTransport(Node node, Session session, Duration connectTimeout, ConnectionInfo info) {
        this(node, session, connectTimeout, info, null);
    }

    SshTransport(Node node, Session session, Duration connectTimeout, ConnectionInfo info, BecomeShell become) {
        this.node = node;
        this.session = session;
        this.connectTimeout = connectTimeout;
        this.info = info;
        this.become = become;
    }

    /** The exec channel's command line for a script: through become when the node has it. */
    private String commandLine(String script) throws TransportException {
        if (become == null) {
            return "exec /bin/sh -c " + ShellQuote.quote(script);
        }
        become.ready(this::raw);
        return become.commandLine(script);
    }

    /** One command line as it stands, stdin given whole; for become's checks. */
    private ExecResult raw(String commandLine, byte[] stdin) throws TransportException {
        BoundedOutput err = new BoundedOutput(8192);
        ChannelExec ch = null;
        long start = System.nanoTime();
        try {
            ch = (ChannelExec) session.openChannel("exec");
            ch.setCommand(commandLine);
            ch.setOutputStream(OutputStream.nullOutputStream(), true);
            ch.setErrStream(err, true);
            OutputStream in = ch.getOutputStream();
            ch.connect((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
            in.write(stdin);
            in.flush();
            closeQuietly(in);
            long until = System.nanoTime() + connectTimeout.toNanos() * 3;
            while (!ch.isClosed()) {
                if (System.nanoTime() > until) {
                    throw new TransportException(Outcome.FAILED, "become: no answer from " + node.name() + " within "
                            + dev.vigil.core.config.Durations.format(connectTimeout.multipliedBy(3)));
                }
                Thread.sleep(5);
            }
            return new ExecResult(ch.getExitStatus(), "", err.text(), false, err.truncated(), false, Duration.ofNanos(System.nanoTime() - start));
        } catch (JSchException | IOException e) {
            throw new TransportException(session.isConnected() ? Outcome.FAILED : Outcome.UNREACHABLE,
                    "cannot start a command on " + node.name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(Outcome.FAILED, "interrupted");
        } finally {
            if (ch != null) {
                ch.disconnect();
            }
        }
    }

    @Override
    public ConnectionInfo connectionInfo() {
        return info;
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public int run(String command, InputStream stdin, OutputStream stdout, OutputStream stderr, Duration timeout)
            throws TransportException {
        long deadline = System.nanoTime() + timeout.toNanos();
        PidLineFilter out = new PidLineFilter(stdout);
        ChannelExec ch;
        OutputStream toCommand;
        String line = commandLine("echo $$; " + command);
        if (become != null) {
            stdin = become.stdin(stdin);
        }
        try {
            ch = (ChannelExec) session.openChannel("exec");
            ch.setCommand(line);
            ch.setOutputStream(out, true);
            ch.setErrStream(stderr, true);
            // No setInputStream: JSch's own stdin pump thread races with a command that ends at once
            // (its thread field is cleared by the session thread before start(), an NPE). We feed stdin
            // ourselves and send EOF by closing the channel's output stream.
            toCommand = ch.getOutputStream();
            ch.connect((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        } catch (JSchException | IOException e) {
            throw new TransportException(session.isConnected() ? Outcome.FAILED : Outcome.UNREACHABLE,
                    "cannot start the command on " + node.name() + ": " + e.getMessage(), e);
        }
        feed(stdin, toCommand);
        running.add(out);
        try {
            long sleepMicros = 200;
            while (!ch.isClosed()) {
                if (System.nanoTime() >= deadline) {
                    endRemote(out.pid(), true);
                    throw new CommandTimeoutException(timeout);
                }
                if (!session.isConnected()) {
                    throw new TransportException(Outcome.UNREACHABLE, "connection to " + node.name() + " was lost");
                }
                TimeUnit.MICROSECONDS.sleep(sleepMicros);
                sleepMicros = Math.min(sleepMicros * 2, 20_000);
            }
            int status = ch.getExitStatus();
            return ch.getExitSignal() != null ? -1 : status;
        } catch (InterruptedException e) {
            endRemote(out.pid(), true);
            Thread.currentThread().interrupt();
            throw new TransportException(Outcome.FAILED, "interrupted");
        } finally {
            running.remove(out);
            ch.disconnect();
        }
    }

    /** Copies stdin to the command (on its own thread when there is any) and then sends EOF. */
    private void feed(InputStream stdin, OutputStream toCommand) {
        if (stdin == null) {
            closeQuietly(toCommand);
            return;
        }
        Thread t = new Thread(() -> {
            try {
                stdin.transferTo(toCommand);
            } catch (IOException ignored) {
                // the command ended or closed its stdin; its exit status tells the rest
            } finally {
                closeQuietly(toCommand);
            }
        }, "ssh-stdin-" + node.name());
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(OutputStream s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // the channel is already closed: EOF is moot
        }
    }

    /**
     * TERM to the process group (or tree), then KILL to whatever is left after a grace period. The
     * script runs on the node by itself: with {@code wait} false only its start is awaited.
     */
    private void endRemote(long pid, boolean wait) {
        if (pid <= 0) {
            return;
        }
        String p = Long.toString(pid);
        String tree = "t() { for c in $(pgrep -P \"$2\" 2>/dev/null); do t \"$1\" \"$c\"; done; kill -\"$1\" \"$2\" 2>/dev/null; }; ";
        String killer = tree
                + "kill -TERM -- -" + p + " 2>/dev/null || t TERM " + p + "; "
                + "i=0; while [ $i -lt 20 ] && kill -0 " + p + " 2>/dev/null; do sleep 0.1; i=$((i+1)); done; "
                + "kill -KILL -- -" + p + " 2>/dev/null || t KILL " + p + "; exit 0";
        ChannelExec k = null;
        try {
            k = (ChannelExec) session.openChannel("exec");
            // the command ran as the become user: so must what ends it
            k.setCommand(become == null ? killer : become.commandLine(killer));
            k.setOutputStream(OutputStream.nullOutputStream(), true);
            k.setErrStream(OutputStream.nullOutputStream(), true);
            OutputStream kin = k.getOutputStream();
            k.connect((int) connectTimeout.toMillis());
            if (become != null && become.feedsStdin()) {
                become.stdin(null).transferTo(kin);
                kin.flush();
            }
            closeQuietly(kin);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(wait ? 10 : 0);
            while (!k.isClosed() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
        } catch (JSchException | IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            if (k != null && wait) {
                k.disconnect();
            }
        }
    }

    /** Ends the commands still running (their process groups on the node), then the session. */
    @Override
    public void close() {
        for (PidLineFilter f : running) {
            if (session.isConnected()) {
                endRemote(f.pid(), false);
            }
        }
        session.disconnect();
        if (become != null) {
            become.close();
        }
    }

    /** Passes output through, except the first line, which carries the remote shell's PID. */
    static final class PidLineFilter extends OutputStream {
        private final OutputStream target;
        private final StringBuilder first = new StringBuilder();
        private volatile long pid = -1;
        private boolean passing;

        PidLineFilter(OutputStream target) {
            this.target = target;
        }

        long pid() {
            return pid;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (!passing) {
                int i = off;
                int end = off + len;
                while (i < end && b[i] != '\n') {
                    if (first.length() < 32) {
                        first.append((char) b[i]);
                    }
                    i++;
                }
                if (i == end) {
                    return;
                }
                passing = true;
                try {
                    pid = Long.parseLong(first.toString().trim());
                } catch (NumberFormatException e) {
                    pid = -1;
                }
                off = i + 1;
                len = end - off;
            }
            if (len > 0) {
                target.write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }
    }
}
