package dev.vigil.core.transport;

import dev.vigil.core.config.Paths;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.inventory.AnsibleSshArgs;
import dev.vigil.core.inventory.Node;

import java.io.IOException;
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
        SshConfigFile.HostConfig hc;
        try {
            hc = sshConfig().resolve(node.address());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        // ssh lower-cases the host it connects to (and looks up in known_hosts)
        String host = hc.hostName() != null ? hc.hostName() : node.address().toLowerCase(java.util.Locale.ROOT);
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
                String p = identityPath(i, host, port, user, node.address());
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
        // ansible_ssh_common_args / extra_args are ssh's command line: they win over the config file
        AnsibleSshArgs args;
        try {
            args = AnsibleSshArgs.of(node.vars());
        } catch (IllegalArgumentException e) {
            throw new UsageException("node " + node.name() + ": " + e.getMessage());
        }
        String jump = hc.proxyJump();
        String command = hc.proxyCommand();
        if (args.proxyJump() != null) {
            jump = args.proxyJump().equalsIgnoreCase("none") ? null : args.proxyJump();
            command = null;
        } else if (args.proxyCommand() != null) {
            command = args.proxyCommand().equalsIgnoreCase("none") ? null : args.proxyCommand();
            jump = null;
        }
        return new Endpoint(host, port, user, ids, jump, command, node.address());
    }

    /**
     * An IdentityFile as ssh opens it: ~ expanded, and %h (the HostName, not the alias), %p, %r, %u, %d, %n
     * and %% replaced. @throws UsageException on another %-token
     */
    static String identityPath(String file, String host, int port, String user, String alias) {
        try {
            return Paths.expandHome(PercentTokens.expand(file, java.util.Map.of('h', host, 'p', Integer.toString(port), 'r', user,
                    'u', System.getProperty("user.name"), 'd', System.getProperty("user.home"), 'n', alias), "IdentityFile " + file));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private SshConfigFile sshConfig() {
        if (sshConfig == null) {
            synchronized (this) {
                if (sshConfig == null) {
                    Path p = options.sshConfig();
                    Path sshDir = Path.of(System.getProperty("user.home"), ".ssh");
                    try {
                        sshConfig = p != null && Files.isReadable(p) ? SshConfigFile.load(p, sshDir) : SshConfigFile.parse("", "(none)", sshDir);
                    } catch (IOException e) {
                        throw new UsageException("cannot read ssh config " + p + ": " + e.getMessage());
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                }
            }
        }
        return sshConfig;
    }
}
