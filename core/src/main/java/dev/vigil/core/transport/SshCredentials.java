package dev.vigil.core.transport;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.AgentProxyException;
import com.jcraft.jsch.Identity;
import com.jcraft.jsch.IdentityRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SSHAgentConnector;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UnixDomainSocketFactory;
import dev.vigil.core.error.UsageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Vector;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a session authenticates with: key files (with the passphrase from its secret reference), then
 * ssh-agent's keys, then the password from its secret reference. Secrets are read when needed and
 * their copies cleared; they are named (where from) in messages, never shown.
 */
final class SshCredentials {
    private static final Logger log = LoggerFactory.getLogger(SshCredentials.class);

    private final SshOptions options;
    private final Map<String, String> env;
    private final Map<List<String>, JSch> jschByIdentities = new ConcurrentHashMap<>();
    private volatile IdentityRepository agent;
    private volatile boolean agentChecked;

    SshCredentials(SshOptions options, Map<String, String> env) {
        this.options = options;
        this.env = env;
    }

    /** A JSch with these key files (and the agent's keys), made once per set of files. */
    JSch jsch(List<String> identityFiles) throws JSchException {
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

    /** The methods to offer, and the password when one is configured. */
    void apply(Session s) {
        s.setConfig("PreferredAuthentications", options.password() != null ? "publickey,password" : "publickey");
        if (options.password() != null) {
            char[] pw = options.password().resolve(env);
            s.setPassword(new String(pw).getBytes(StandardCharsets.UTF_8));
            Arrays.fill(pw, '\0');
        }
    }

    /** What was offered, for an authentication failure: "key ~/.ssh/id_ed25519 and ssh-agent". */
    String describe(Endpoint t) {
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
