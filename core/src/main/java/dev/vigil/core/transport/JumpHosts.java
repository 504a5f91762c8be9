package dev.vigil.core.transport;

import com.jcraft.jsch.Session;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Outcome;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ProxyJump: a {@code [user@]host[:port][,next...]} chain in connection order, as OpenSSH follows it: the
 * first TCP connection goes to the first hop, and the target is reached from the last. The last hop is
 * resolved like any node (its own ssh_config), reached through the hops before it (or, for a single hop,
 * through its own ProxyJump/ProxyCommand), connected once and shared by every node behind it; at most
 * {@value #MAX_JUMPS} hops.
 */
final class JumpHosts {
    static final int MAX_JUMPS = 5;

    /** Opens a session to an endpoint, through its own jump hosts (depth counts the hops so far). */
    @FunctionalInterface
    interface Opener {
        Session open(String label, Endpoint endpoint, int depth) throws TransportException;
    }

    private final EndpointResolver resolver;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    JumpHosts(EndpointResolver resolver) {
        this.resolver = resolver;
    }

    /** The connected session of the hop next to {@code label} (a node, or a hop behind it): the last of {@code proxyJump}. */
    Session session(String label, String proxyJump, int depth, Opener opener) throws TransportException {
        if (depth >= MAX_JUMPS) {
            throw new TransportException(Outcome.UNREACHABLE, "more than " + MAX_JUMPS + " ProxyJump hops for " + label);
        }
        int comma = proxyJump.lastIndexOf(',');
        String first = proxyJump.substring(comma + 1).trim();
        String rest = comma >= 0 ? proxyJump.substring(0, comma).trim() : null;
        if (first.isEmpty() || (rest != null && rest.isEmpty())) {
            throw new TransportException(Outcome.UNREACHABLE, "ProxyJump '" + proxyJump + "' has an empty hop");
        }
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
        Session existing = sessions.get(key);
        if (existing != null && existing.isConnected()) {
            return existing;
        }
        synchronized (sessions) {
            existing = sessions.get(key);
            if (existing != null && existing.isConnected()) {
                return existing;
            }
            Endpoint jt = resolver.resolve(new Node(host, host, port, user, List.of(), false, Set.of(), Map.of(), null));
            // the hops before this one come from ProxyJump itself (ssh -J), not from the jump host's config
            Endpoint chained = rest != null
                    ? new Endpoint(jt.host(), jt.port(), jt.user(), jt.identityFiles(), rest, null, host)
                    : jt;
            Session s;
            try {
                s = opener.open("jump host " + host, chained, depth + 1);
            } catch (TransportException e) {
                throw new TransportException(e.outcome(), label + " via " + e.getMessage(), e);
            }
            sessions.put(key, s);
            return s;
        }
    }

    void close() {
        sessions.values().forEach(Session::disconnect);
    }
}
