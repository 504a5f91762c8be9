package dev.vigil.core.transport;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.AgentProxyException;
import com.jcraft.jsch.Identity;
import com.jcraft.jsch.IdentityRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.SSHAgentConnector;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UnixDomainSocketFactory;
import dev.vigil.core.config.Paths;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Vector;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Opens and keeps the transports of one run: one per node, reused by every command to it, and
 * closed together at the end. A node that could not be reached stays unreachable for the run
 * (its error is kept), so later steps fail fast instead of waiting for the timeout again.
 */
public final class Connections implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Connections.class);
    private static final Pattern VALID_ADDRESS = Pattern.compile("[A-Za-z0-9._:%\\[\\]-]+");
    private static final int MAX_JUMPS = 5;

    private final SshOptions options;
    private final Map<String, String> env;
    private final Map<String, Opened> byNode = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, Session> jumpSessions = new ConcurrentHashMap<>();
    private final Map<List<String>, JSch> jschByIdentities = new ConcurrentHashMap<>();
    private volatile KnownHosts knownHosts;
    private volatile SshConfigFile sshConfig;
    private volatile IdentityRepository agent;
    private volatile boolean agentChecked;

    public Connections(SshOptions options, Map<String, String> env) {
        this.options = options;
        this.env = env;
    }

    /**
     * Checks what can be checked before anything runs, so a typo stops the run with one clear
     * line: explicitly named key files exist and secrets resolve.
     */
    public void preflight(List<Node> nodes) {
        for (Path p : options.identityFiles()) {
            if (!Files.isReadable(p)) {
                throw new UsageException("identity file " + p + " does not exist or is not readable (check --identity)");
            }
        }
        for (Node n : nodes) {
            for (String id : n.identityFiles()) {
                Path p = Path.of(Paths.expandHome(id));
                if (!Files.isReadable(p)) {
                    throw new UsageException("identity file " + p + " for node " + n.name()
                            + " does not exist or is not readable (check the inventory)");
                }
            }
        }
        if (nodes.stream().anyMatch(n -> !n.isLocal())) {
            if (options.password() != null) {
                java.util.Arrays.fill(options.password().resolve(env), '\0');
            }
            if (options.passphrase() != null) {
                java.util.Arrays.fill(options.passphrase().resolve(env), '\0');
            }
        }
    }

    /** The node's transport, connecting on first use. */
    public Transport open(Node node) throws TransportException {
        Opened opened = byNode.get(node.name());
        if (opened == null) {
            // one lock per node: a slow connect must not hold up connects to other nodes
            synchronized (locks.computeIfAbsent(node.name(), k -> new Object())) {
                opened = byNode.get(node.name());
                if (opened == null) {
                    try {
                        opened = new Opened(node.isLocal() ? new LocalTransport(node) : connect(node), null);
                    } catch (TransportException e) {
                        opened = new Opened(null, e);
                    }
                    byNode.put(node.name(), opened);
                }
            }
        }
        if (opened.failure() != null) {
            throw new TransportException(opened.failure().outcome(), opened.failure().getMessage(), opened.failure());
        }
        return opened.transport();
    }

    /** A node's transport, or why there is none for this run. */
    private record Opened(Transport transport, TransportException failure) {
    }

    /** Where and as whom a node is reached, after ~/.ssh/config and defaults. */
    public record Endpoint(String host, int port, String user, List<String> identityFiles, String proxyJump) {
        /** The host as known_hosts names it: {@code host} for port 22, {@code [host]:port} otherwise. */
        public String knownHostsName() {
            return port == 22 ? host : "[" + host + "]:" + port;
        }
    }

    public Endpoint resolve(Node node) {
        SshConfigFile.HostConfig hc = sshConfig().resolve(node.address());
        String host = hc.hostName() != null ? hc.hostName() : node.address();
        String user = node.user() != null ? node.user() : hc.user() != null ? hc.user()
                : options.defaultUser() != null ? options.defaultUser() : System.getProperty("user.name");
        int port = node.port() != null ? node.port() : hc.port() != null ? hc.port()
                : options.defaultPort() != null ? options.defaultPort() : 22;
        List<String> ids = new ArrayList<>();
        if (!node.identityFiles().isEmpty()) {
            node.identityFiles().forEach(i -> ids.add(Paths.expandHome(i)));
        } else if (!options.identityFiles().isEmpty()) {
            options.identityFiles().forEach(p -> ids.add(p.toString()));
        } else {
            for (String i : hc.identityFiles()) {
                String p = Paths.expandHome(i);
                if (Files.isReadable(Path.of(p))) {
                    ids.add(p);
                }
            }
            for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
                Path p = Path.of(System.getProperty("user.home"), ".ssh", name);
                if (Files.isReadable(p) && !ids.contains(p.toString())) {
                    ids.add(p.toString());
                }
            }
        }
        return new Endpoint(host, port, user, ids, hc.proxyJump());
    }

    private Transport connect(Node node) throws TransportException {
        if (!VALID_ADDRESS.matcher(node.address()).matches()) {
            throw new TransportException(Outcome.UNREACHABLE, "'" + node.address()
                    + "' is not a valid host name or address (set ansible_host / address for node " + node.name() + ")");
        }
        Endpoint t = resolve(node);
        long start = System.nanoTime();
        HostKeyCheck check = new HostKeyCheck(knownHosts(), options.acceptNewHostKeys());
        Session s = session(node.name(), t, 0, check);
        Transport.ConnectionInfo info = new Transport.ConnectionInfo(java.time.Duration.ofNanos(System.nanoTime() - start),
                check.presented() == null ? null : KnownHosts.describe(check.presented()), check.recorded());
        return new SshTransport(node, s, options.connectTimeout(), info);
    }

    private Session session(String label, Endpoint t, int depth, HostKeyCheck check) throws TransportException {
        if (!VALID_ADDRESS.matcher(t.host()).matches()) {
            throw new TransportException(Outcome.UNREACHABLE, "'" + t.host() + "' is not a valid host name or address");
        }
        Session jump = null;
        if (t.proxyJump() != null) {
            if (depth >= MAX_JUMPS) {
                throw new TransportException(Outcome.UNREACHABLE, "more than " + MAX_JUMPS + " ProxyJump hops for " + label);
            }
            jump = jumpSession(label, t.proxyJump(), depth);
        }
        Session s;
        try {
            s = jsch(t.identityFiles()).getSession(t.user(), t.host(), t.port());
            s.setHostKeyRepository(check);
            s.setConfig("StrictHostKeyChecking", "yes");
            s.setConfig("HashKnownHosts", "no");
            s.setConfig("PreferredAuthentications", options.password() != null ? "publickey,password" : "publickey");
            if (options.password() != null) {
                char[] pw = options.password().resolve(env);
                s.setPassword(new String(pw).getBytes(StandardCharsets.UTF_8));
                java.util.Arrays.fill(pw, '\0');
            }
            s.setServerAliveInterval((int) options.keepaliveInterval().toMillis());
            s.setServerAliveCountMax(options.keepaliveCountMax());
            s.setDaemonThread(true);
            if (jump != null) {
                s.setProxy(new JumpProxy(jump));
            }
        } catch (JSchException e) {
            throw new TransportException(Outcome.UNREACHABLE, label + ": " + e.getMessage(), e);
        }
        long start = System.nanoTime();
        try {
            s.connect((int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()));
            if (check.recorded()) {
                log.info("trusted new host key for {} ({}): {}", label, t.knownHostsName(), KnownHosts.describe(check.presented()));
            }
            log.debug("connected to {} ({}@{}:{}) in {} ms", label, t.user(), t.host(), t.port(),
                    (System.nanoTime() - start) / 1_000_000);
            return s;
        } catch (JSchException e) {
            s.disconnect();
            throw classify(label, t, check, e);
        }
    }

    private Session jumpSession(String label, String proxyJump, int depth) throws TransportException {
        String first = proxyJump.split(",")[0].trim();
        String rest = proxyJump.contains(",") ? proxyJump.substring(proxyJump.indexOf(',') + 1).trim() : null;
        String user = null;
        String hostPort = first;
        if (first.contains("@")) {
            user = first.substring(0, first.lastIndexOf('@'));
            hostPort = first.substring(first.lastIndexOf('@') + 1);
        }
        Integer port = null;
        String host = hostPort;
        int colon = hostPort.lastIndexOf(':');
        if (colon > 0 && hostPort.indexOf(':') == colon) {
            host = hostPort.substring(0, colon);
            try {
                port = Integer.valueOf(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new TransportException(Outcome.UNREACHABLE, "ProxyJump '" + proxyJump + "' has a bad port");
            }
        }
        String key = (user == null ? "" : user + "@") + host + ":" + port + "|" + rest;
        Session existing = jumpSessions.get(key);
        if (existing != null && existing.isConnected()) {
            return existing;
        }
        synchronized (jumpSessions) {
            existing = jumpSessions.get(key);
            if (existing != null && existing.isConnected()) {
                return existing;
            }
            Node jumpNode = new Node(host, host, port, user, List.of(), false, java.util.Set.of(), Map.of(), null);
            Endpoint jt = resolve(jumpNode);
            // the chain after the first hop comes from ProxyJump itself, not from the jump host's config
            Endpoint chained = new Endpoint(jt.host(), jt.port(), jt.user(), jt.identityFiles(), rest != null ? rest : jt.proxyJump());
            Session s;
            try {
                s = session("jump host " + host, chained, depth + 1, new HostKeyCheck(knownHosts(), options.acceptNewHostKeys()));
            } catch (TransportException e) {
                throw new TransportException(e.outcome(), label + " via " + e.getMessage(), e);
            }
            jumpSessions.put(key, s);
            return s;
        }
    }

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
                    + describeCredentials(t) + "; check the key (--identity, ansible_ssh_private_key_file) and the node's authorized_keys" + recorded, e);
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

    private String describeCredentials(Endpoint t) {
        List<String> parts = new ArrayList<>();
        if (!t.identityFiles().isEmpty()) {
            parts.add("key " + String.join(", ", t.identityFiles()));
        }
        if (agent() != null) {
            parts.add("ssh-agent");
        }
        if (options.password() != null) {
            parts.add("password from " + options.password());
        }
        return parts.isEmpty() ? "no key at all (none given and none in ~/.ssh)" : String.join(" and ", parts);
    }

    private JSch jsch(List<String> identityFiles) throws JSchException {
        JSch existing = jschByIdentities.get(identityFiles);
        if (existing != null) {
            return existing;
        }
        synchronized (jschByIdentities) {
            existing = jschByIdentities.get(identityFiles);
            if (existing != null) {
                return existing;
            }
            JSch jsch = new JSch();
            byte[] passphrase = null;
            if (options.passphrase() != null) {
                passphrase = new String(options.passphrase().resolve(env)).getBytes(StandardCharsets.UTF_8);
            }
            for (String id : identityFiles) {
                try {
                    jsch.addIdentity(id, passphrase);
                } catch (JSchException e) {
                    throw new UsageException("cannot load identity file " + id + ": " + e.getMessage()
                            + (passphrase == null ? " (if it is encrypted, load it into ssh-agent or configure ssh.passphrase_env)" : ""));
                }
            }
            IdentityRepository agentRepo = agent();
            if (agentRepo != null) {
                jsch.setIdentityRepository(new CombinedIdentities(jsch.getIdentityRepository(), agentRepo));
            }
            jschByIdentities.put(identityFiles, jsch);
            return jsch;
        }
    }

    private IdentityRepository agent() {
        if (!agentChecked) {
            synchronized (this) {
                if (!agentChecked) {
                    String sock = env.get("SSH_AUTH_SOCK");
                    if (options.useAgent() && sock != null && !sock.isBlank() && Files.exists(Path.of(sock))) {
                        try {
                            SSHAgentConnector c = new SSHAgentConnector(new UnixDomainSocketFactory(), Path.of(sock));
                            if (c.isAvailable()) {
                                agent = new AgentIdentityRepository(c);
                            }
                        } catch (AgentProxyException | RuntimeException e) {
                            log.debug("ssh-agent at {} not usable: {}", sock, e.toString());
                        }
                    }
                    agentChecked = true;
                }
            }
        }
        return agent;
    }

    private KnownHosts knownHosts() throws TransportException {
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

    private SshConfigFile sshConfig() {
        if (sshConfig == null) {
            synchronized (this) {
                if (sshConfig == null) {
                    String text = "";
                    Path p = options.sshConfig();
                    if (p != null && Files.isReadable(p)) {
                        try {
                            text = Files.readString(p, StandardCharsets.UTF_8);
                        } catch (IOException e) {
                            throw new UsageException("cannot read ssh config " + p + ": " + e.getMessage());
                        }
                    }
                    try {
                        sshConfig = SshConfigFile.parse(text);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(p + ": " + e.getMessage());
                    }
                }
            }
        }
        return sshConfig;
    }

    @Override
    public void close() {
        for (Opened o : byNode.values()) {
            if (o.transport() != null) {
                o.transport().close();
            }
        }
        jumpSessions.values().forEach(Session::disconnect);
    }

    /** Key files first, then the agent's keys. */
    private static final class CombinedIdentities implements IdentityRepository {
        private final IdentityRepository files;
        private final IdentityRepository agent;

        CombinedIdentities(IdentityRepository files, IdentityRepository agent) {
            this.files = files;
            this.agent = agent;
        }

        @Override
        public String getName() {
            return "files+agent";
        }

        @Override
        public int getStatus() {
            return RUNNING;
        }

        @Override
        public Vector<Identity> getIdentities() {
            Vector<Identity> v = new Vector<>(files.getIdentities());
            try {
                v.addAll(agent.getIdentities());
            } catch (RuntimeException e) {
                log.debug("ssh-agent did not list keys: {}", e.toString());
            }
            return v;
        }

        @Override
        public boolean add(byte[] identity) {
            return files.add(identity);
        }

        @Override
        public boolean remove(byte[] blob) {
            return files.remove(blob);
        }

        @Override
        public void removeAll() {
            files.removeAll();
        }
    }
}
