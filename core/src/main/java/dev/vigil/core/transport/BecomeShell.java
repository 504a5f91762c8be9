package dev.vigil.core.transport;

import dev.vigil.core.inventory.Become;
import dev.vigil.core.result.Outcome;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Runs a node's commands through become (sudo, or su without a password), as Ansible does for a login
 * user that is not root. Once per connection it finds out what sudo asks: nothing (NOPASSWD, then no
 * password is ever sent), or the password, which is then checked once ({@code sudo -S -k -v}-like, with
 * {@code true}) and afterwards given on the command's stdin before its own input, with {@code -k} so that
 * sudo always reads it (a cached credential would otherwise pass the password line on to the command).
 * The password never appears on a command line, in a log or in an error. Not for the local transport.
 */
final class BecomeShell {
    /** Runs one raw command line on the node with the given stdin; the exit code, and stderr for errors. */
    @FunctionalInterface
    interface Raw {
        ExecResult run(String commandLine, byte[] stdin) throws TransportException;
    }

    private final Become become;
    private final String nodeName;
    private final Map<String, String> env;
    private byte[] passwordLine;
    private boolean ready;
    /** Why become failed, kept: every later command fails the same way, so a wrong password is tried once, not once per
     * command (hardened hosts lock an account after a few failures: pam_faillock). */
    private TransportException failed;

    BecomeShell(Become become, String nodeName, Map<String, String> env) {
        this.become = become;
        this.nodeName = nodeName;
        this.env = env;
    }

    /** Finds out, once, whether sudo needs the password and whether it takes it. */
    synchronized void ready(Raw raw) throws TransportException {
        if (ready) {
            return;
        }
        if (failed != null) {
            throw new TransportException(failed.outcome(), failed.getMessage(), failed);
        }
        try {
            check(raw);
        } catch (TransportException e) {
            if (e.outcome() == Outcome.AUTH_FAILED || e.outcome() == Outcome.FAILED) {
                failed = e;
            }
            throw e;
        }
    }

    private void check(Raw raw) throws TransportException {
        String u = ShellQuote.quote(become.user());
        if (become.method() == Become.Method.SU) {
            ExecResult r = raw.run("exec su -s /bin/sh -c true " + u, new byte[0]);
            if (r.exitCode() != 0) {
                throw new TransportException(Outcome.AUTH_FAILED, "become: su to " + become.user() + " on " + nodeName
                        + " failed (" + excerpt(r.stderr()) + "); su is used without a password only, use sudo with one");
            }
            ready = true;
            return;
        }
        ExecResult free = raw.run("exec sudo -n -u " + u + " -- true", new byte[0]);
        if (free.exitCode() == 0) {
            ready = true;
            return;
        }
        if (free.exitCode() == 127 || free.stderr().contains("sudo: not found") || free.stderr().contains("command not found")) {
            throw new TransportException(Outcome.FAILED, "become: sudo is not installed on " + nodeName);
        }
        if (become.password() == null) {
            throw new TransportException(Outcome.AUTH_FAILED, "become: sudo on " + nodeName + " did not run as " + become.user()
                    + " without a password (" + excerpt(free.stderr()) + "); give it with ansible_become_password_file"
                    + " or ansible_become_password_env, or allow the login user NOPASSWD");
        }
        char[] pw;
        try {
            pw = become.password().resolve(env);
        } catch (RuntimeException e) {
            throw new TransportException(Outcome.AUTH_FAILED, "become: " + e.getMessage());
        }
        byte[] line = (new String(pw) + "\n").getBytes(StandardCharsets.UTF_8);
        Arrays.fill(pw, '\0');
        ExecResult check = raw.run("exec sudo -S -k -p '' -u " + u + " -- true", line);
        if (check.exitCode() != 0) {
            Arrays.fill(line, (byte) 0);
            throw new TransportException(Outcome.AUTH_FAILED, "become: sudo on " + nodeName + " refused the password from "
                    + become.password() + " for running as " + become.user() + " (" + excerpt(check.stderr()) + ")");
        }
        passwordLine = line;
        ready = true;
    }

    /** The exec channel's command line for a shell script. */
    String commandLine(String script) {
        String u = ShellQuote.quote(become.user());
        String sh = "/bin/sh -c " + ShellQuote.quote(script);
        if (become.method() == Become.Method.SU) {
            return "exec su -s /bin/sh -c " + ShellQuote.quote(script) + " " + u;
        }
        return passwordLine == null ? "exec sudo -n -H -u " + u + " -- " + sh : "exec sudo -S -k -p '' -H -u " + u + " -- " + sh;
    }

    /** The command's stdin: the password line first when sudo reads one. */
    InputStream stdin(InputStream in) {
        if (passwordLine == null) {
            return in;
        }
        InputStream pw = new ByteArrayInputStream(passwordLine.clone());
        return in == null ? pw : new SequenceInputStream(pw, in);
    }

    /** Whether a command must be given stdin even if it has none (the password). */
    boolean feedsStdin() {
        return passwordLine != null;
    }

    void close() {
        if (passwordLine != null) {
            Arrays.fill(passwordLine, (byte) 0);
        }
    }

    private static String excerpt(String stderr) {
        String s = stderr == null ? "" : stderr.strip().replaceAll("\\s+", " ");
        s = s.replace("[sudo] password for", "").strip();
        return s.isEmpty() ? "no message" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
