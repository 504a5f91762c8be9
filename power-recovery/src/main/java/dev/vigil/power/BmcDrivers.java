package dev.vigil.power;

import dev.vigil.core.error.UsageException;
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
        char[] pw = node.bmc().password().resolve(env);
        switch (node.bmc().type()) {
            case IPMI:
                return new IpmiDriver(node.bmc(), pw, config);
            default:
                return new RedfishDriver(node.bmc(), pw, config, config.redfishInsecureNodes().contains(node.name()));
        }
    }
}
