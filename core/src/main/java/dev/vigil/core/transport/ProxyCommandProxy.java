package dev.vigil.core.transport;

import com.jcraft.jsch.Proxy;
import com.jcraft.jsch.SocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * ProxyCommand: the SSH stream is the stdin/stdout of a command run by {@code /bin/sh -c}, with
 * {@code %h} (the HostName), {@code %p}, {@code %r} (the remote user), {@code %n} (the alias) and {@code %%}
 * expanded as OpenSSH expands them; each value is shell-quoted when it holds anything but plain host-name
 * characters, so it is one word. The command's stderr goes to the log; its last line is kept for the error
 * message. {@link #close()} ends the command.
 */
final class ProxyCommandProxy implements Proxy {
    private static final Logger log = LoggerFactory.getLogger(ProxyCommandProxy.class);

    private final String template;
    private final String alias;
    private final String user;
    private Process process;
    private volatile String lastError = "";

    ProxyCommandProxy(String template, String alias, String user) {
        this.template = template;
        this.alias = alias;
        this.user = user;
    }

    /** The command line for a host and port. @throws IllegalArgumentException on an unknown %-token */
    static String expand(String template, String host, int port, String user, String alias) {
        return PercentTokens.expand(template, java.util.Map.of('h', ShellQuote.quote(host), 'p', Integer.toString(port),
                'r', ShellQuote.quote(user), 'n', ShellQuote.quote(alias)), "ProxyCommand");
    }

    @Override
    public void connect(SocketFactory socketFactory, String host, int port, int timeout) throws Exception {
        String command = expand(template, host, port, user, alias);
        log.debug("ProxyCommand for {}: {}", alias, command);
        process = new ProcessBuilder(List.of("/bin/sh", "-c", command)).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        Thread drain = new Thread(() -> {
            try (InputStream err = process.getErrorStream()) {
                for (String line : new String(err.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank()) {
                        lastError = line.strip();
                        log.debug("ProxyCommand for {}: {}", alias, line);
                    }
                }
            } catch (IOException ignored) {
                // the command ended
            }
        }, "proxycommand-stderr-" + alias);
        drain.setDaemon(true);
        drain.start();
    }

    /** The command's last line on stderr, or its exit status if it ended, for an error message. */
    String diagnosis() {
        if (process != null && !process.isAlive()) {
            return "ProxyCommand exited with status " + process.exitValue() + (lastError.isEmpty() ? "" : ": " + lastError);
        }
        return lastError.isEmpty() ? "" : "ProxyCommand: " + lastError;
    }

    @Override
    public InputStream getInputStream() {
        return process.getInputStream();
    }

    @Override
    public OutputStream getOutputStream() {
        return process.getOutputStream();
    }

    @Override
    public Socket getSocket() {
        return null;
    }

    @Override
    public void close() {
        if (process != null) {
            // the whole tree: a child of the shell that holds the pipe would keep the stream open
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
