package dev.vigil.power;

import dev.vigil.core.bmc.BmcReadException;
import dev.vigil.core.bmc.BmcReader;
import dev.vigil.core.bmc.BmcReaders;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.session.Session;

/**
 * The health check's out-of-band readers are the power drivers (IPMI through ipmitool, Redfish), with the
 * power section's timeout, cipher suite and CA: registered for {@link BmcReaders#installed} in
 * META-INF/services.
 */
public final class PowerBmcReaders implements BmcReaders.Provider {
    @Override
    public BmcReaders forSession(Session session) {
        PowerConfig cfg = PowerConfig.load(session.configPath());
        return node -> {
            try {
                BmcDriver d = BmcDrivers.forNode(node, cfg, session.env());
                if (d instanceof BmcReader r) {
                    return r;
                }
                throw new BmcReadException("the " + node.bmc().type().label() + " driver cannot read sensors", false);
            } catch (UsageException e) {
                throw new BmcReadException(e.getMessage(), false);
            }
        };
    }
}
