package dev.vigil.playbooks.schedule;

import dev.vigil.core.error.UsageException;
import dev.vigil.core.inventory.Inventory;
import dev.vigil.core.inventory.InventoryLoader;
import dev.vigil.core.inventory.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A job split per inventory partition: every node of the job in exactly one partition, each fired as a job of its own. */
class PartitionsTest {
    @TempDir
    Path state;

    private final Inventory inv = InventoryLoader.parse("""
            groups: {mgmt: {}, compute: {}}
            nodes:
              - {name: m1, groups: [mgmt], labels: {rack: r1}}
              - {name: c1, groups: [compute], labels: {rack: r1}}
              - {name: c2, groups: [compute], labels: {rack: r2}}
              - {name: c3, groups: [compute], labels: {rack: "r[3]"}}
              - {name: c4, groups: [compute]}
            """, "inv.yaml");

    private static ScheduleConfig.JobConfig job(String limit, String by, List<String> parts) {
        return new ScheduleConfig.JobConfig("0 * * * * ?", "daily-routine", limit, null, null, by, parts, null);
    }

    private static List<String> names(List<Node> nodes) {
        return nodes.stream().map(Node::name).toList();
    }

    @Test
    void byLabel_oneJobPerValue_plusTheUnlabelled_eachNodeInExactlyOne() {
        List<String> warnings = new ArrayList<>();
        Map<String, ScheduleConfig.JobConfig> out = Partitions.expand(Map.of("routine", job(null, "rack", null)), inv, warnings);
        assertThat(out.keySet()).containsExactly("routine@rack=r1", "routine@rack=r2", "routine@rack=r[3]", "routine@rack=(none)");
        Map<String, List<String>> members = new TreeMap<>();
        out.forEach((k, j) -> members.put(k, names(Partitions.nodes(inv, j))));
        assertThat(members).containsEntry("routine@rack=r1", List.of("m1", "c1")).containsEntry("routine@rack=r2", List.of("c2"))
                .containsEntry("routine@rack=r[3]", List.of("c3")).containsEntry("routine@rack=(none)", List.of("c4"));
        assertThat(warnings).isEmpty();
    }

    @Test
    void theJobsLimitStillApplies_withinEachPartition() {
        Map<String, ScheduleConfig.JobConfig> out = Partitions.expand(Map.of("routine", job("compute", "rack", null)), inv, new ArrayList<>());
        assertThat(names(Partitions.nodes(inv, out.get("routine@rack=r1")))).containsExactly("c1");
    }

    @Test
    void byPatterns_overlapsAreRefused_andNodesInNoneAreAWarning() {
        List<String> warnings = new ArrayList<>();
        Map<String, ScheduleConfig.JobConfig> out = Partitions.expand(Map.of("routine", job(null, null, List.of("mgmt", "rack=r2"))), inv, warnings);
        assertThat(out.keySet()).containsExactly("routine@mgmt", "routine@rack=r2");
        assertThat(warnings).singleElement().asString().contains("3 node(s) in no partition").contains("c1, c3, c4");
        assertThatThrownBy(() -> Partitions.expand(Map.of("routine", job(null, null, List.of("compute", "rack=r1"))), inv, new ArrayList<>()))
                .isInstanceOf(UsageException.class).hasMessageContaining("node c1 is in partitions 'compute' and 'rack=r1'");
        assertThatThrownBy(() -> Partitions.expand(Map.of("routine", job(null, null, List.of("rakc=r1"))), inv, new ArrayList<>()))
                .isInstanceOf(UsageException.class).hasMessageContaining("partition 'rakc=r1'");
    }

    @Test
    void badPartitionConfig_isRefusedWithWhy() {
        assertThatThrownBy(() -> job(null, "rack", List.of("mgmt"))).hasMessageContaining("not both");
        assertThatThrownBy(() -> job(null, "ra ck", null)).hasMessageContaining("partition_by must be a label name");
        assertThatThrownBy(() -> job(null, null, List.of())).hasMessageContaining("partitions must be a list");
    }

    @Test
    void theDaemonFiresEveryPartitionAsAJobOfItsOwn_eachWithItsPartition() throws Exception {
        Map<String, ScheduleConfig.JobConfig> jobs = new LinkedHashMap<>();
        ScheduleConfig.DEFAULTS.keySet().forEach(k -> jobs.put(k, new ScheduleConfig.JobConfig(null, null, null, null, false)));
        jobs.put("tick", new ScheduleConfig.JobConfig("* * * * * ?", "tick.yaml", null, null, null, "rack", null, null));
        ScheduleConfig cfg = new ScheduleConfig("1h", "10s", "UTC", null, null, jobs);
        Map<String, ScheduleConfig.JobConfig> expanded = Partitions.expand(cfg.enabledJobs(), inv, new ArrayList<>());
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        JobRunner runner = (name, c) -> {
            seen.add(name + " " + names(Partitions.nodes(inv, c)));
            return new JobRunner.Result(0, null, null);
        };
        try (Daemon d = new Daemon(cfg, expanded, state, runner, Map.of())) {
            d.start();
            Thread.sleep(2500);
            d.stop(Duration.ofSeconds(5));
        }
        assertThat(Set.copyOf(seen)).contains("tick@rack=r1 [m1, c1]", "tick@rack=r2 [c2]", "tick@rack=r[3] [c3]", "tick@rack=(none) [c4]");
        List<RunRecords.Run> runs = new RunRecords(state).all();
        assertThat(runs).extracting(RunRecords.Run::job).contains("tick@rack=r1", "tick@rack=(none)");
        assertThat(runs).allSatisfy(r -> assertThat(r.daemon()).isNotBlank());
    }
}
