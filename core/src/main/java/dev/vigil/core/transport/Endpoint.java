package dev.vigil.core.transport;

import java.util.List;

/**
 * Where and as whom a node is reached, after ~/.ssh/config and defaults.
 *
 * @param proxyJump    the jump chain, {@code [user@]host[:port][,...]} in connection order, or null
 * @param proxyCommand the ProxyCommand template (unexpanded), or null
 * @param alias        the name ssh config was resolved for (%n)
 */
public record Endpoint(String host, int port, String user, List<String> identityFiles, String proxyJump, String proxyCommand,
                       String alias) {
    public Endpoint(String host, int port, String user, List<String> identityFiles, String proxyJump) {
        this(host, port, user, identityFiles, proxyJump, null, host);
    }

    /** The host as known_hosts names it: {@code host} for port 22, {@code [host]:port} otherwise. */
    public String knownHostsName() {
        return port == 22 ? host : "[" + host + "]:" + port;
    }
}
