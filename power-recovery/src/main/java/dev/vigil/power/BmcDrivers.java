package dev.vigil.power;

import dev.vigil.core.error.UsageException;
import dev.vigil.core.inventory.Bmc;
import dev.vigil.core.inventory.Node;

import java.util.Map;

/** The driver for a node's BMC, chosen by its type. */
public final class BmcDrivers {
    private BmcDrivers() {
    }

    public static BmcDriver forNode(Node node, PowerConfig config, Map<String, String> env) {
        if (node.bmc() == null) {
            throw new UsageException("node " + node.name() + " has no BMC in the inventory (bmc_address / bmc:)");
        }
        if (node.bmc().password() == null) {
            throw new UsageException("node " + node.name() + ": the BMC password is not configured: set bmc_password_env or bmc_password_file"
                    + " (an inline bmc_password in the inventory is never used)");
        }
        Factory f = BY_TYPE.get(node.bmc().type());
        if (f == null) {
            throw new UsageException("node " + node.name() + ": no driver for BMC type '" + node.bmc().type().label() + "'");
        }
        return f.create(node, node.bmc().password().resolve(env), config);
    }

    /** Makes the driver for one node's BMC. */
    @FunctionalInterface
    interface Factory {
        BmcDriver create(Node node, char[] password, PowerConfig config);
    }

    /** The drivers by BMC type: adding one is a BmcDriver class, its type in Bmc.Type, and one entry here. */
    static final Map<Bmc.Type, Factory> BY_TYPE = Map.of(
            Bmc.Type.IPMI, (n, pw, c) -> new IpmiDriver(n.bmc(), pw, c),
            Bmc.Type.REDFISH, (n, pw, c) -> new RedfishDriver(n.bmc(), pw, c, c.redfishInsecureNodes().contains(n.name())));
}
