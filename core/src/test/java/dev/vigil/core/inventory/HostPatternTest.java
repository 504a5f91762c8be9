package dev.vigil.core.inventory;

import dev.vigil.core.error.UsageException;
import dev.vigil.core.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostPatternTest {
    private final Inventory inv = InventoryLoader.parse(Fixtures.text("platform-hosts.ini"), "hosts.ini");

    private List<String> select(String pattern) {
        return HostPattern.select(inv, pattern).stream().map(Node::name).collect(Collectors.toList());
    }

    @Test
    void labelTerms_selectByValueOrGlob_andExcludeOrIntersect() {
        Inventory labelled = InventoryLoader.parse("""
                nodes:
                  - {name: a1, labels: {rack: r1, pdu: p1}}
                  - {name: a2, labels: {rack: r1, pdu: p2}}
                  - {name: b1, labels: {rack: r2, pdu: p1}}
                  - {name: c1}
                """, "inv.yaml");
        assertThat(names(HostPattern.select(labelled, "rack=r1"))).containsExactly("a1", "a2");
        assertThat(names(HostPattern.select(labelled, "rack=r*"))).containsExactly("a1", "a2", "b1");
        assertThat(names(HostPattern.select(labelled, "!rack=*"))).containsExactly("c1");
        assertThat(names(HostPattern.select(labelled, "rack=r1,&pdu=p1"))).containsExactly("a1");
        assertThat(names(HostPattern.select(labelled, "all,!pdu=p1"))).containsExactly("a2", "c1");
        assertThatThrownBy(() -> HostPattern.select(labelled, "rack=r9")).isInstanceOf(dev.vigil.core.error.UsageException.class)
                .hasMessageContaining("no node has the label rack=r9");
    }

    private static List<String> names(List<Node> nodes) {
        return nodes.stream().map(Node::name).toList();
    }

    @Test
    void noPattern_selectsEverythingInInventoryOrder() {
        assertThat(select(null)).containsExactly("mgmt-vip", "vrm-01", "vrm-02", "db-01", "cna-01", "cna-02", "cna-03", "cna-04");
        assertThat(select("all")).hasSize(8);
    }

    @Test
    void aGlobWithManyStars_isMatchedInLinearTime_notByABacktrackingRegex() {
        // found by InventoryFuzzTest: as a regex, a*a*a*...b against a long name backtracks for minutes
        String name = "a".repeat(60) + "c";
        String many = "a".repeat(25) + "b";
        Inventory inv = InventoryLoader.parse("nodes:\n  - {name: '" + name + "', address: 127.0.0.1}\n  - {name: ab, address: 127.0.0.2}\n"
                + "  - {name: " + many + ", address: 127.0.0.3}\n", "inv.yaml");
        long start = System.nanoTime();
        assertThat(HostPattern.select(inv, "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b")).extracting(n -> n.name()).containsExactly(many);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
        assertThat(HostPattern.select(inv, "a?")).extracting(n -> n.name()).containsExactly("ab");
        assertThat(HostPattern.select(inv, "[!x]b")).extracting(n -> n.name()).containsExactly("ab");
    }

    @Test
    void groupsNamesGlobsAndRegexes() {
        assertThat(select("mgmt")).containsExactly("vrm-01", "vrm-02", "db-01");
        assertThat(select("db-01,cna-02")).containsExactly("db-01", "cna-02");
        assertThat(select("cna-0[13]")).containsExactly("cna-01", "cna-03");
        assertThat(select("vrm-*")).containsExactly("vrm-01", "vrm-02");
        assertThat(select("~cna-0[2-3]")).containsExactly("cna-02", "cna-03");
        assertThat(select("10.0.0.21")).as("an address selects its node").containsExactly("db-01");
    }

    @Test
    void exclusionsAndIntersections() {
        assertThat(select("all,!compute")).containsExactly("mgmt-vip", "vrm-01", "vrm-02", "db-01");
        assertThat(select("!compute")).as("only exclusions start from all").containsExactly("mgmt-vip", "vrm-01", "vrm-02", "db-01");
        assertThat(select("mgmt,&vrm")).containsExactly("vrm-01", "vrm-02");
        assertThat(select("mgmt:!db")).as("colon separates like comma").containsExactly("vrm-01", "vrm-02");
        assertThat(select("compute,!cna-0[12]")).containsExactly("cna-03", "cna-04");
    }

    @Test
    void unknownName_isAUsageErrorSuggestingTheClosest() {
        assertThatThrownBy(() -> select("cna-1"))
                .isInstanceOf(UsageException.class)
                .hasMessage("no node or group matches 'cna-1'; did you mean 'cna-01'? (see: vigil inventory list)");
        assertThatThrownBy(() -> select("computes")).hasMessageContaining("did you mean 'compute'?");
    }

    @Test
    void mistypedExclusion_isAnErrorNotAWiderRun() {
        assertThatThrownBy(() -> select("all,!cna-5")).isInstanceOf(UsageException.class).hasMessageContaining("'!cna-5'");
    }

    @Test
    void patternThatLeavesNothing_isAnError() {
        assertThatThrownBy(() -> select("db,!db-01")).isInstanceOf(UsageException.class).hasMessageContaining("leaves no node selected");
    }

    @Test
    void nodeNamesWithShellMetacharacters_areJustNames() {
        Inventory weird = InventoryLoader.parse("nodes:\n  - {name: 'a;rm -rf /', address: 127.0.0.1}\n  - {name: b}\n", "inv.yaml");
        assertThat(HostPattern.select(weird, "a;rm -rf /")).extracting(Node::name).containsExactly("a;rm -rf /");
        assertThat(HostPattern.select(weird, "all,!b")).extracting(Node::address).containsExactly("127.0.0.1");
    }
}
