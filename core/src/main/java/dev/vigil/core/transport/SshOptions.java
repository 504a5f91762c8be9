package dev.vigil.core.transport;

import dev.vigil.core.config.SecretRef;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How Vigil connects over SSH. Values the inventory gives for a node win over these; these win
 * over ~/.ssh/config (for user and port) and built-in defaults.
 *
 * @param defaultUser        user when neither the inventory nor ssh config names one (null: the local user)
 * @param identityFiles      key files given with --identity or in vigil.yaml
 * @param knownHostsFile     Vigil's own known_hosts: read, and appended to by trust-on-first-use
 * @param readOnlyKnownHosts also read, never written (~/.ssh/known_hosts)
 * @param acceptNewHostKeys  trust on first use: record unknown keys (a changed key is still refused)
 * @param password           password reference, or null for key authentication only
 * @param passphrase         passphrase reference for encrypted key files, or null
 * @param sshConfig          an OpenSSH client config file, or null
 * @param useAgent           use ssh-agent when SSH_AUTH_SOCK is set
 */
public record SshOptions(String defaultUser, Integer defaultPort, List<Path> identityFiles, Path knownHostsFile,
                         List<Path> readOnlyKnownHosts, boolean acceptNewHostKeys, Duration connectTimeout,
                         Duration keepaliveInterval, int keepaliveCountMax, SecretRef password, SecretRef passphrase,
                         Path sshConfig, boolean useAgent) {
    public SshOptions {
        identityFiles = List.copyOf(identityFiles);
        readOnlyKnownHosts = List.copyOf(readOnlyKnownHosts);
        if (connectTimeout.isZero() || connectTimeout.isNegative()) {
            throw new IllegalArgumentException("connect timeout must be positive");
        }
    }
}
