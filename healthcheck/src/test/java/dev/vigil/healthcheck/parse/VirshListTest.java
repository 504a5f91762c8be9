package dev.vigil.healthcheck.parse;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** virsh list --all as virsh 9 (Debian 12) and an older virsh (RHEL 7) print it (resources/libvirt). */
class VirshListTest {
    private static String fixture(String name) throws Exception {
        try (var in = VirshListTest.class.getResourceAsStream("/libvirt/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void virsh9_fourStates() throws Exception {
        List<VirshList.Domain> d = VirshList.parse(fixture("virsh-list-all.txt"));
        assertThat(d).extracting(VirshList.Domain::name).containsExactly("vm-running", "vm-paused-ioerror", "vm-crashed-panicked", "vm-shutoff");
        assertThat(d).extracting(VirshList.Domain::state).containsExactly("running", "paused", "crashed", "shut off");
        assertThat(d.get(3).id()).isEqualTo("-");
        assertThat(d.get(0).running()).isTrue();
        assertThat(d.get(3).running()).isFalse();
    }

    @Test
    void theOlderLayout_ofARealRhel7Host() throws Exception {
        List<VirshList.Domain> d = VirshList.parse(fixture("virsh-list-all-rhel7-host-insights-core.txt"));
        assertThat(d).hasSize(13);
        assertThat(d.stream().filter(VirshList.Domain::running)).hasSize(1);
        assertThat(d.stream().filter(x -> x.state().equals("paused"))).hasSize(1);
        assertThat(d.stream().filter(x -> x.state().equals("shut off"))).hasSize(11);
    }

    @Test
    void whatIsNotVirshOutputIsRefused() {
        assertThatThrownBy(() -> VirshList.parse("error: failed to connect to the hypervisor\n")).hasMessageContaining("header");
        assertThatThrownBy(() -> VirshList.parse(" Id   Name   State\n")).hasMessageContaining("no virsh list table");
        assertThat(VirshList.parse(" Id   Name   State\n--------------------\n\n")).isEmpty();
    }
}
