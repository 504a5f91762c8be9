package dev.vigil.core.inventory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostRangesTest {
    @Test
    void ranges_expandAsAnsibleDoes() {
        assertThat(HostRanges.expand("cna-[01:03]")).containsExactly("cna-01", "cna-02", "cna-03");
        assertThat(HostRanges.expand("db[1:9:4]")).containsExactly("db1", "db5", "db9");
        assertThat(HostRanges.expand("w-[a:c]")).containsExactly("w-a", "w-b", "w-c");
    }

    @Test
    void aHugeRange_isRefusedBeforeAnythingIsBuilt_andAHugeStepEnds() {
        // found by InventoryFuzzTest: [01:405555555555555] built the list first and ran out of memory
        assertThatThrownBy(() -> HostRanges.expand("cna-[01:405555555555555]")).hasMessageContaining("too many hosts");
        assertThatThrownBy(() -> HostRanges.expand("cna-[01:99999999999999999999999]")).hasMessageContaining("too many hosts");
        // a step of 65536 wrapped the char counter back to itself: an endless loop
        assertThat(HostRanges.expand("w-[a:z:65536]")).containsExactly("w-a");
    }
}
