package dev.vigil.core.bmc;

import dev.vigil.core.inventory.Node;
import dev.vigil.core.session.Session;

import java.util.ServiceLoader;

/**
 * Opens the out-of-band reader of a node's BMC. The drivers live with power (IPMI, Redfish); they are
 * found through {@link ServiceLoader} so that the health check, which power depends on, need not
 * depend on power.
 */
public interface BmcReaders {
    /** The node's reader; a node without a BMC, or without its password, is a {@link BmcReadException}. */
    BmcReader open(Node node) throws BmcReadException;

    /** A provider of readers for a session (the BMC timeout, cipher suite and CA come from its config). */
    interface Provider {
        BmcReaders forSession(Session session);
    }

    /** None installed: every node is refused with why. */
    static BmcReaders none() {
        return node -> {
            throw new BmcReadException("no BMC driver is installed in this build", false);
        };
    }

    /** The installed provider's readers for the session, or {@link #none()}. */
    static BmcReaders installed(Session session) {
        for (Provider p : ServiceLoader.load(Provider.class)) {
            return p.forSession(session);
        }
        return none();
    }
}
