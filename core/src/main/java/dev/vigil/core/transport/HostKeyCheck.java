package dev.vigil.core.transport;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The host-key decision for one connection. It remembers the key the server presented and what
 * the known_hosts files said, so that a refusal can name both fingerprints.
 */
final class HostKeyCheck implements HostKeyRepository {
    private final KnownHosts known;
    private final boolean acceptNew;
    private volatile byte[] presented;
    private volatile KnownHosts.Verdict verdict;
    private volatile boolean recorded;
    private volatile String recordError;

    HostKeyCheck(KnownHosts known, boolean acceptNew) {
        this.known = known;
        this.acceptNew = acceptNew;
    }

    @Override
    public int check(String host, byte[] key) {
        presented = key.clone();
        KnownHosts.Verdict v = known.check(host, key);
        verdict = v;
        if (v == KnownHosts.Verdict.UNKNOWN && acceptNew) {
            try {
                known.add(host, key);
                recorded = true;
                return OK;
            } catch (IOException e) {
                recordError = e.getMessage();
                return NOT_INCLUDED;
            }
        }
        switch (v) {
            case OK: return OK;
            case UNKNOWN: return NOT_INCLUDED;
            default: return CHANGED;
        }
    }

    byte[] presented() {
        return presented;
    }

    KnownHosts.Verdict verdict() {
        return verdict;
    }

    boolean recorded() {
        return recorded;
    }

    String recordError() {
        return recordError;
    }

    KnownHosts knownHosts() {
        return known;
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        List<HostKey> out = new ArrayList<>();
        for (KnownHosts.Entry e : known.keysFor(host, type)) {
            try {
                out.add(new HostKey(host, e.key()));
            } catch (JSchException ignored) {
                // a key type JSch cannot use is no help for ordering algorithms
            }
        }
        return out.toArray(new HostKey[0]);
    }

    @Override
    public HostKey[] getHostKey() {
        return new HostKey[0];
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // keys are recorded only through check() with trust on first use
    }

    @Override
    public void remove(String host, String type) {
    }

    @Override
    public void remove(String host, String type, byte[] key) {
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return String.valueOf(known.writableFile());
    }
}
