package dev.vigil.power;

import dev.vigil.core.inventory.Bmc;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BmcDriversTest {
    @Test
    void everyBmcTypeTheInventoryAccepts_hasADriver_andNoneFallsBackToAnother() {
        assertThat(BmcDrivers.BY_TYPE.keySet()).containsExactlyInAnyOrder(Bmc.Type.values());
    }
}
