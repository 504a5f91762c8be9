package dev.vigil.core.transport;

import dev.vigil.core.inventory.Node;

class LocalTransportTest extends TransportContract {
    @Override
    protected Transport transport() {
        return new LocalTransport(Node.localhost());
    }
}
