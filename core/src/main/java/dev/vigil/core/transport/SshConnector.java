package dev.vigil.core.transport;

import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.Session;
import dev.vigil.core.result.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One SSH session to an endpoint: through its jump hosts, authenticated with the run's credentials,
 * the host key checked against known_hosts (strictly; new keys recorded only when asked), keepalives
 * set, and a failure told as what it is: host key rejected, authentication failed, or unreachable and why.
 */
final class SshConnector {
    private static final Logger log = LoggerFactory.getLogger(SshConnector.class);
    static final Pattern VALID_ADDRESS = Pattern.compile("[A-Za-z0-9._:%\\[\\]-]+");

    private final SshOptions options;
    private final SshCredentials credentials;
    private final JumpHosts jumps;
    private volatile KnownHosts knownHosts;

    SshConnector(SshOptions options, Map<String, String> env, EndpointResolver resolver) {
        this.options = options;
        this.credentials = new SshCredentials(options, env);
        this.jumps = new JumpHosts(resolver);
    }

    Session session(String label, Endpoint t, int depth, HostKeyCheck check) throws TransportException {
        if (!VALID_ADDRESS.matcher(t.host()).matches()) {
            throw new TransportException(Outcome.UNREACHABLE, "'" + t.host() + "' is not a valid host name or address");
        }
        Session jump = t.proxyJump() == null ? null
                : jumps.session(label, t.proxyJump(), depth, (l, e, d) -> session(l, e, d, new HostKeyCheck(knownHosts(), options.acceptNewHostKeys())));
        Session s;
        ProxyCommandProxy command = null;
        try {
            s = credentials.jsch(t.identityFiles()).getSession(t.user(), t.host(), t.port());
            s.setHostKeyRepository(check);
            s.setConfig("StrictHostKeyChecking", "yes");
            s.setConfig("HashKnownHosts", "no");
            credentials.apply(s);
            s.setServerAliveInterval((int) options.keepaliveInterval().toMillis());
            s.setServerAliveCountMax(options.keepaliveCountMax());
            s.setDaemonThread(true);
            if (jump != null) {
                s.setProxy(new JumpProxy(jump));
            } else if (t.proxyCommand() != null) {
                command = new ProxyCommandProxy(t.proxyCommand(), t.alias(), t.user());
                s.setProxy(command);
            }
        } catch (JSchException e) {
            throw new TransportException(Outcome.UNREACHABLE, label + ": " + e.getMessage(), e);
        }
        long start = System.nanoTime();
        // JSch puts no deadline on a proxy's stream: a ProxyCommand that hangs is ended at the connect timeout
        // (the deadline is cancelled once connect returns; JSch's isConnected() is true from its start)
        java.util.concurrent.ScheduledFuture<?> deadline = null;
        java.util.concurrent.atomic.AtomicBoolean settled = new java.util.concurrent.atomic.AtomicBoolean();
        if (command != null) {
            ProxyCommandProxy c = command;
            deadline = DEADLINES.schedule(() -> {
                if (settled.compareAndSet(false, true)) {
                    c.close();
                }
            }, options.connectTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        try {
            s.connect((int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()));
            if (command != null && !settled.compareAndSet(false, true)) {
                // the deadline ended the command just as the handshake finished
                s.disconnect();
                throw new JSchException("timeout: ProxyCommand did not connect within the connect timeout");
            }
            if (check.recorded()) {
                log.info("trusted new host key for {} ({}): {}", label, t.knownHostsName(), KnownHosts.describe(check.presented()));
            }
            log.debug("connected to {} ({}@{}:{}) in {} ms", label, t.user(), t.host(), t.port(),
                    (System.nanoTime() - start) / 1_000_000);
            return s;
        } catch (JSchException e) {
            s.disconnect();
            if (command != null) {
                boolean expired = !settled.compareAndSet(false, true);
                command.close();
                TransportException te = classify(label, t, check, e);
                String why = expired ? "no SSH answer through ProxyCommand within "
                        + dev.vigil.core.config.Durations.format(options.connectTimeout()) : command.diagnosis();
                throw why.isEmpty() || te.outcome() != Outcome.UNREACHABLE ? te
                        : new TransportException(te.outcome(), label + " (" + t.user() + "@" + t.knownHostsName() + "): " + why, e);
            }
            throw classify(label, t, check, e);
        } finally {
            if (deadline != null) {
                deadline.cancel(false);
            }
        }
    }

    private static final java.util.concurrent.ScheduledExecutorService DEADLINES =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread th = new Thread(r, "proxycommand-deadline");
                th.setDaemon(true);
                return th;
            });

    private TransportException classify(String label, Endpoint t, HostKeyCheck check, JSchException e) {
        String where = label + " (" + t.user() + "@" + t.knownHostsName() + ")";
        if (e instanceof JSchHostKeyException || e instanceof JSchUnknownHostKeyException
                || e instanceof JSchChangedHostKeyException || check.verdict() == KnownHosts.Verdict.CHANGED
                || check.verdict() == KnownHosts.Verdict.REVOKED
                || (check.verdict() == KnownHosts.Verdict.UNKNOWN && !check.recorded())) {
            return hostKeyRejected(label, t, check);
        }
        String recorded = check.recorded() ? " (its host key " + KnownHosts.describe(check.presented()) + " was recorded)" : "";
        if (e.getClass().getSimpleName().equals("JSchAuthCancelException") || String.valueOf(e.getMessage()).contains("Auth fail")
                || String.valueOf(e.getMessage()).contains("USERAUTH fail")) {
            return new TransportException(Outcome.AUTH_FAILED, "authentication failed for " + where + " with "
                    + credentials.describe(t) + "; check the key (--identity, ansible_ssh_private_key_file) and the node's authorized_keys" + recorded, e);
        }
        Throwable cause = e.getCause();
        String reason;
        if (cause instanceof ConnectException) {
            reason = "connection refused";
        } else if (cause instanceof SocketTimeoutException || String.valueOf(e.getMessage()).startsWith("timeout")) {
            reason = "no answer within " + dev.vigil.core.config.Durations.format(options.connectTimeout());
        } else if (cause instanceof UnknownHostException) {
            reason = "unknown host name";
        } else if (cause instanceof NoRouteToHostException) {
            reason = "no route to host";
        } else if (cause instanceof IOException && cause.getMessage() != null) {
            reason = cause.getMessage();
        } else {
            reason = e.getMessage();
        }
        return new TransportException(Outcome.UNREACHABLE, where + ": " + reason, e);
    }

    private TransportException hostKeyRejected(String label, Endpoint t, HostKeyCheck check) {
        byte[] presented = check.presented();
        String hostName = t.knownHostsName();
        String shown = presented == null ? "(none)" : KnownHosts.describe(presented);
        String file = String.valueOf(check.knownHosts().writableFile());
        if (check.verdict() == KnownHosts.Verdict.CHANGED || check.verdict() == KnownHosts.Verdict.REVOKED) {
            StringBuilder known = new StringBuilder();
            String type = presented == null ? null : KnownHosts.keyType(presented);
            for (KnownHosts.Entry k : check.knownHosts().keysFor(hostName, type)) {
                if (known.length() > 0) {
                    known.append(", ");
                }
                known.append(KnownHosts.describe(k.key())).append(" in ").append(k.file());
            }
            String what = check.verdict() == KnownHosts.Verdict.REVOKED ? "is REVOKED" : "has CHANGED";
            return new TransportException(Outcome.HOST_KEY_REJECTED, "host key of " + label + " (" + hostName + ") " + what
                    + ": known " + known + ", presented " + shown + "; refused. If the node was reinstalled, remove the old key ("
                    + "ssh-keygen -R " + ShellQuote.quote(hostName) + " -f FILE) and run: vigil inventory trust -l " + ShellQuote.quote(label));
        }
        if (check.recordError() != null) {
            return new TransportException(Outcome.HOST_KEY_REJECTED, "cannot record the host key of " + label + " in "
                    + file + ": " + check.recordError());
        }
        return new TransportException(Outcome.HOST_KEY_REJECTED, "unknown host key for " + label + " (" + hostName + "): "
                + shown + "; refused. If that is the node's key, trust it with: vigil inventory trust -l " + ShellQuote.quote(label));
    }

    KnownHosts knownHosts() throws TransportException {
        if (knownHosts == null) {
            synchronized (this) {
                if (knownHosts == null) {
                    try {
                        knownHosts = KnownHosts.load(options.knownHostsFile(), options.readOnlyKnownHosts());
                    } catch (IOException e) {
                        throw new TransportException(Outcome.FAILED, "cannot read known_hosts: " + e.getMessage(), e);
                    }
                }
            }
        }
        return knownHosts;
    }

    void close() {
        jumps.close();
    }
}
