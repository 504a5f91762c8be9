package dev.vigil.core.transport;

import dev.vigil.core.config.Paths;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.inventory.Node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * ssh_config resolution: a node's host, port, user, key files and jump hosts, from the inventory first,
 * then the ssh config file's matching Host blocks, then Vigil's defaults (as {@code ssh -G} resolves them).
 */
public final class EndpointResolver {
    private final SshOptions options;
    private volatile SshConfigFile sshConfig;

    public EndpointResolver(SshOptions options) {
        this.options = options;
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
}
