package dev.vigil.core.transport;

import dev.vigil.core.config.Paths;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Outcome;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens and keeps the transports of one run: one per node, reused by every command to it, and
 * closed together at the end. A node that could not be reached stays unreachable for the run
 * (its error is kept), so later steps fail fast instead of waiting for the timeout again. Where a
 * node is ({@link EndpointResolver}), how a session is made ({@link SshConnector}: jump hosts,
 * credentials, host keys) are their own classes.
 */
public final class Connections implements AutoCloseable {
    private final SshOptions options;
    private final Map<String, String> env;
    private final EndpointResolver resolver;
    private final SshConnector connector;
    private final Map<String, Opened> byNode = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public Connections(SshOptions options, Map<String, String> env) {
        this.options = options;
        this.env = env;
        this.resolver = new EndpointResolver(options);
        this.connector = new SshConnector(options, env, resolver);
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
    public Endpoint resolve(Node node) {
        return resolver.resolve(node);
    }

    private Transport connect(Node node) throws TransportException {
        if (!SshConnector.VALID_ADDRESS.matcher(node.address()).matches()) {
            throw new TransportException(Outcome.UNREACHABLE, "'" + node.address()
                    + "' is not a valid host name or address (set ansible_host / address for node " + node.name() + ")");
        }
        Endpoint t = resolve(node);
        long start = System.nanoTime();
        HostKeyCheck check = new HostKeyCheck(connector.knownHosts(), options.acceptNewHostKeys());
        com.jcraft.jsch.Session s = connector.session(node.name(), t, 0, check);
        Transport.ConnectionInfo info = new Transport.ConnectionInfo(java.time.Duration.ofNanos(System.nanoTime() - start),
                check.presented() == null ? null : KnownHosts.describe(check.presented()), check.recorded());
        dev.vigil.core.inventory.Become b;
        try {
            b = dev.vigil.core.inventory.Become.of(node.vars());
        } catch (IllegalArgumentException e) {
            s.disconnect();
            throw new TransportException(Outcome.FAILED, node.name() + ": " + e.getMessage());
        }
        return new SshTransport(node, s, options.connectTimeout(), info, b == null ? null : new BecomeShell(b, node.name(), env));
    }

    @Override
    public void close() {
        for (Opened o : byNode.values()) {
            if (o.transport() != null) {
                o.transport().close();
            }
        }
        connector.close();
    }
}
