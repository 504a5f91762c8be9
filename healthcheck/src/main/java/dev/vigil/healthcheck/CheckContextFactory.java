package dev.vigil.healthcheck;

import dev.vigil.core.inventory.Node;
import dev.vigil.core.transport.Transport;

/** Makes a check context for work outside a full run (the baseline command). */
public final class CheckContextFactory {
    private CheckContextFactory() {
    }

    public static CheckContext create(Node node, Transport transport, HealthcheckConfig config, RunEnvironment env) {
        Settings settings = new Settings(config, node);
        return new CheckContext(node, transport, settings, settings.checkTimeout(), env);
    }
}
