package dev.vigil.core.transport;

import java.util.List;

/** Where and as whom a node is reached, after ~/.ssh/config and defaults. */
public record Endpoint(String host, int port, String user, List<String> identityFiles, String proxyJump) {
    /** The host as known_hosts names it: {@code host} for port 22, {@code [host]:port} otherwise. */
    public String knownHostsName() {
        return port == 22 ? host : "[" + host + "]:" + port;
    }
}
