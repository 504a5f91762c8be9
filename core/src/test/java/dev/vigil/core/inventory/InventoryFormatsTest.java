package dev.vigil.core.inventory;

import dev.vigil.core.error.UsageException;
import dev.vigil.core.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The same site written three ways (Ansible INI, Ansible YAML, Vigil YAML) reads as the same nodes. */
class InventoryFormatsTest {

    private static Inventory load(String fixture) {
        return InventoryLoader.parse(Fixtures.text(fixture), fixture);
    }

    @ParameterizedTest
    @ValueSource(strings = {"platform-hosts.ini", "platform-hosts.yaml", "platform-inventory.yaml"})
    void allThreeFormats_describeTheSameSite(String fixture) {
        Inventory inv = load(fixture);
        assertThat(inv.nodes().stream().map(Node::name).sorted().collect(Collectors.toList()))
                .containsExactly("cna-01", "cna-02", "cna-03", "cna-04", "db-01", "mgmt-vip", "vrm-01", "vrm-02");
        assertThat(inv.groups().get("mgmt")).containsExactlyInAnyOrder("vrm-01", "vrm-02", "db-01");
        assertThat(inv.groups().get("compute")).containsExactly("cna-01", "cna-02", "cna-03", "cna-04");

        Node vrm2 = inv.node("vrm-02");
        assertThat(vrm2.address()).isEqualTo("10.0.0.12");
        assertThat(vrm2.port()).isEqualTo(2222);
        assertThat(vrm2.user()).isEqualTo("root");
        assertThat(vrm2.groups()).containsExactlyInAnyOrder("vrm", "mgmt");
        assertThat(vrm2.bmc().type()).isEqualTo(Bmc.Type.IPMI);
        assertThat(vrm2.bmc().address()).isEqualTo("10.1.0.12");
        assertThat(vrm2.bmc().port()).isEqualTo(623);
        assertThat(vrm2.bmc().user()).isEqualTo("admin");
        assertThat(vrm2.bmc().password()).hasToString("env:VIGIL_BMC_PASSWORD");

        assertThat(inv.node("db-01").user()).as("a host's own user wins over group and all vars").isEqualTo("postgres");
        assertThat(inv.node("cna-03").identityFiles()).containsExactly("~/.ssh/cna_key");
        assertThat(inv.node("cna-03").address()).as("no address: the name is the address").isEqualTo("cna-03");
        assertThat(inv.node("mgmt-vip").groups()).as("Ansible puts a host of no group in 'ungrouped'")
                .isEqualTo(fixture.endsWith(".ini") || fixture.equals("platform-hosts.yaml") ? java.util.Set.of("ungrouped") : java.util.Set.of());
        assertThat(inv.node("mgmt-vip").bmc()).isNull();
    }

    @Test
    void ansibleIni_dropsInlinePasswordsAndKeepsOtherVars() {
        Inventory inv = load("platform-hosts.ini");
        Node vrm1 = inv.node("vrm-01");
        assertThat(vrm1.vars()).doesNotContainKey("ansible_password");
        assertThat(vrm1.vars().values()).doesNotContain("do-not-keep-me");
        assertThat(vrm1.vars()).containsEntry("ntp_server", "10.0.0.1 10.0.0.2");
    }

    @Test
    void ansibleIni_redfishBmcFromGroupVarsNeedsAnAddress() {
        Inventory inv = load("platform-hosts.ini");
        assertThat(inv.node("cna-01").bmc()).as("bmc vars without bmc_address give no BMC").isNull();
    }

    @Test
    void ansibleIni_hostRangesKeepZeroPadding() {
        assertThat(HostRanges.expand("cna-[08:11]")).containsExactly("cna-08", "cna-09", "cna-10", "cna-11");
        assertThat(HostRanges.expand("db-[a:c]")).containsExactly("db-a", "db-b", "db-c");
        assertThat(HostRanges.expand("n[1:5:2].site")).containsExactly("n1.site", "n3.site", "n5.site");
        assertThat(HostRanges.expand("r[1:2]n[1:2]")).containsExactly("r1n1", "r1n2", "r2n1", "r2n2");
    }

    @Test
    void ansibleIni_syntaxError_namesFileAndLine() {
        String ini = "[web]\nweb-01\n[web:bogus]\nweb-02\n";
        assertThatThrownBy(() -> InventoryLoader.parse(ini, "hosts.ini"))
                .isInstanceOf(UsageException.class)
                .hasMessage("hosts.ini:3:1: unknown section type ':bogus' (expected :vars or :children)");
        assertThatThrownBy(() -> InventoryLoader.parse("[web\nweb-01\n", "hosts.ini"))
                .hasMessageStartingWith("hosts.ini:1:1: malformed section header");
        assertThatThrownBy(() -> InventoryLoader.parse("[web]\nweb-01 ansible_port\n", "hosts.ini"))
                .hasMessageStartingWith("hosts.ini:2:1: expected key=value");
    }

    /** Found by fuzzing: an empty entry in the node list was a NullPointerException ("internal error"), not a usage error. */
    @Test
    void anEmptyNodeEntry_isAUsageErrorNamingItsPlace() {
        assertThatThrownBy(() -> InventoryLoader.parse("nodes:\n  - {name: a}\n  -\n", "inventory.yaml"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("nodes[1] is empty");
    }

    @Test
    void unknownBmcType_isAnErrorNamingTheHost_evenWithoutAnAddress() {
        assertThatThrownBy(() -> InventoryLoader.parse("[compute]\ncna-01 bmc_type=ilo\n", "hosts.ini"))
                .isInstanceOf(UsageException.class)
                .hasMessage("hosts.ini: host cna-01: unknown BMC type 'ilo' (expected ipmi or redfish)");
    }

    @Test
    void ansibleIni_childrenCycle_isAnError() {
        String ini = "[a:children]\nb\n[b:children]\na\n[a]\nh1\n";
        assertThatThrownBy(() -> InventoryLoader.parse(ini, "hosts")).isInstanceOf(UsageException.class)
                .hasMessageContaining("cycle");
    }

    @Test
    void vigilYaml_unknownKey_namesFileLineAndColumn() {
        String yaml = "nodes:\n  - name: a\n    adress: 10.0.0.1\n";
        assertThatThrownBy(() -> InventoryLoader.parse(yaml, "inv.yaml"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("inv.yaml:3:5: unknown key 'adress'")
                .hasMessageContaining("expected one of:")
                .hasMessageContaining("address");
    }

    @Test
    void vigilYaml_badValues_areRefusedWithTheirPlace() {
        assertThatThrownBy(() -> InventoryLoader.parse("nodes:\n  - name: a\n    port: many\n", "inv.yaml"))
                .hasMessageStartingWith("inv.yaml:3:11: expected whole number, got 'many'");
        assertThatThrownBy(() -> InventoryLoader.parse("nodes:\n  - name: a\n    bmc: {type: ilo, address: x}\n", "inv.yaml"))
                .hasMessageStartingWith("inv.yaml:3:").hasMessageContaining("unknown BMC type 'ilo' (expected ipmi or redfish)");
        assertThatThrownBy(() -> InventoryLoader.parse("nodes:\n  - address: 10.0.0.1\n", "inv.yaml"))
                .hasMessageContaining("every node needs a 'name'");
        assertThatThrownBy(() -> InventoryLoader.parse("nodes:\n  - name: a\n  - name: a\n", "inv.yaml"))
                .hasMessageContaining("node 'a' is defined twice");
        assertThatThrownBy(() -> InventoryLoader.parse("nodes:\n  - name: a\n    name: b\n", "inv.yaml"))
                .hasMessageStartingWith("inv.yaml:3:").hasMessageContaining("Duplicate field 'name'");
    }

    @Test
    void vigilYaml_bmcPasswordMayComeFromEnvOrFileButNotBoth() {
        String yaml = "nodes:\n  - name: a\n    bmc: {type: ipmi, address: 10.1.0.1, password_env: X, password_file: /f}\n";
        assertThatThrownBy(() -> InventoryLoader.parse(yaml, "inv.yaml"))
                .hasMessageContaining("give either an env variable or a file, not both");
    }

    @Test
    void vigilYaml_localConnection() {
        Inventory inv = InventoryLoader.parse("nodes:\n  - {name: ctl, connection: local}\n", "inv.yaml");
        assertThat(inv.node("ctl").isLocal()).isTrue();
    }

    @Test
    void ansibleYaml_syntaxError_namesLine() {
        assertThatThrownBy(() -> InventoryLoader.parse("all:\n  hosts:\n    a: [\n", "inv.yml"))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("inv.yml:").hasMessageContaining("YAML syntax error");
    }

    @Test
    void localOnly_isOneLocalNode() {
        List<Node> nodes = Inventory.localOnly().nodes();
        assertThat(nodes).hasSize(1);
        assertThat(nodes.get(0).isLocal()).isTrue();
    }
}
