package dev.vigil.core.testing;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.shell.ProcessShellFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * An SSH server on loopback (Apache MINA SSHD) for tests that need no root: commands run through
 * {@code /bin/sh -c} as OpenSSH runs them. Writes a client key and a known_hosts file for it.
 */
public final class EmbeddedSshServer implements AutoCloseable {
    /** The one password the server accepts, besides the client key. */
    public static final String PASSWORD = "vigil-test-pw-7f3a";

    private final SshServer server;
    private final Path clientKey;
    private final Path knownHosts;
    private final KeyPair hostKey;

    private EmbeddedSshServer(SshServer server, Path clientKey, Path knownHosts, KeyPair hostKey) {
        this.server = server;
        this.clientKey = clientKey;
        this.knownHosts = knownHosts;
        this.hostKey = hostKey;
    }

    public static EmbeddedSshServer start(Path dir) throws IOException, GeneralSecurityException {
        KeyPair host = newKeyPair();
        Path clientKey = dir.resolve("id_ecdsa");
        String authorized = newClientKey(clientKey);
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(host));
        sshd.setPublickeyAuthenticator((user, key, session) -> PublicKeyEntry.toString(key).split(" ")[1].equals(authorized));
        sshd.setPasswordAuthenticator((user, password, session) -> PASSWORD.equals(password));
        sshd.setCommandFactory((channel, command) ->
                new ProcessShellFactory("/bin/sh", "/bin/sh", "-c", command).createShell(channel));
        sshd.start();
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + sshd.getPort() + " " + PublicKeyEntry.toString(host.getPublic()) + "\n");
        return new EmbeddedSshServer(sshd, clientKey, knownHosts, host);
    }

    public static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        return gen.generateKeyPair();
    }

    /** Writes a new ECDSA client key (0600) and returns the base64 of its public blob. */
    public static String newClientKey(Path file) throws IOException {
        try {
            com.jcraft.jsch.KeyPair kp = com.jcraft.jsch.KeyPair.genKeyPair(new com.jcraft.jsch.JSch(), com.jcraft.jsch.KeyPair.ECDSA, 256);
            kp.writePrivateKey(file.toString());
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            return Base64.getEncoder().encodeToString(kp.getPublicKeyBlob());
        } catch (com.jcraft.jsch.JSchException e) {
            throw new IOException(e);
        }
    }

    /** "ecdsa-sha2-nistp256 AAAA..." for a public key. */
    public static String publicKeyLine(PublicKey key) {
        return PublicKeyEntry.toString(key);
    }

    public int port() {
        return server.getPort();
    }

    public Path clientKey() {
        return clientKey;
    }

    public Path knownHosts() {
        return knownHosts;
    }

    public PublicKey hostPublicKey() {
        return hostKey.getPublic();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
