package dev.vigil.power;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The dry run's window keeps the same rules the recovery does, whatever the loads, labels and limits. */
class WindowPlanProperties {

    @Provide
    Arbitrary<List<WindowPlan.Item>> items() {
        Arbitrary<WindowPlan.Item> one = Combinators.combine(
                Arbitraries.integers().between(1, 600),
                Arbitraries.of("a", "b", "c", ""),
                Arbitraries.of("r1", "r2", "")).as((load, pdu, rack) -> {
                    Map<String, String> labels = new java.util.HashMap<>();
                    if (!pdu.isEmpty()) {
                        labels.put("pdu", pdu);
                    }
                    if (!rack.isEmpty()) {
                        labels.put("rack", rack);
                    }
                    return new WindowPlan.Item("n", load / 10.0, labels);
                });
        return one.list().ofMinSize(1).ofMaxSize(60).map(l -> {
            List<WindowPlan.Item> named = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                named.add(new WindowPlan.Item("node-" + i, l.get(i).loadSeconds(), l.get(i).labels()));
            }
            return named;
        });
    }

    @Property(tries = 300)
    void everyNodePlaced_commandsStaggered_noLimitExceeded(@ForAll("items") List<WindowPlan.Item> items, @ForAll @IntRange(min = 1, max = 25) int parallel,
                                                           @ForAll @IntRange(min = 0, max = 30) int staggerTenths,
                                                           @ForAll @IntRange(min = 1, max = 5) int perPdu, @ForAll @IntRange(min = 1, max = 8) int perRack) {
        double stagger = staggerTenths / 10.0;
        Map<String, Integer> maxPer = Map.of("pdu", perPdu, "rack", perRack);
        List<WindowPlan.Slot> slots = WindowPlan.simulate(items, parallel, stagger, maxPer);
        assertThat(slots).hasSize(items.size()).doesNotContainNull();
        List<WindowPlan.Slot> byStart = new ArrayList<>(slots);
        byStart.sort(Comparator.comparingDouble(WindowPlan.Slot::startSeconds));
        for (int i = 1; i < byStart.size(); i++) {
            assertThat(byStart.get(i).startSeconds() - byStart.get(i - 1).startSeconds()).isGreaterThanOrEqualTo(stagger - 1e-9);
        }
        Map<String, WindowPlan.Item> item = new java.util.HashMap<>();
        items.forEach(it -> item.put(it.node(), it));
        // at every start instant, count what is loading then: total, per pdu and per rack
        for (WindowPlan.Slot at : slots) {
            double t = at.startSeconds();
            List<WindowPlan.Slot> live = slots.stream().filter(s -> s.startSeconds() <= t && t < s.endSeconds()).toList();
            assertThat(live.size()).isLessThanOrEqualTo(parallel);
            for (String label : maxPer.keySet()) {
                Set<String> values = new HashSet<>();
                live.forEach(s -> values.add(item.get(s.node()).labels().get(label)));
                for (String v : values) {
                    if (v == null) {
                        continue;
                    }
                    long same = live.stream().filter(s -> v.equals(item.get(s.node()).labels().get(label))).count();
                    assertThat(same).as("%s=%s at %.1fs", label, v, t).isLessThanOrEqualTo(maxPer.get(label));
                }
            }
        }
        for (WindowPlan.Slot s : slots) {
            assertThat(s.endSeconds() - s.startSeconds()).isEqualTo(item.get(s.node()).loadSeconds(), org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Property(tries = 200)
    void withoutLimits_theWindowIsNeverIdleWhileNodesWait(@ForAll("items") List<WindowPlan.Item> items, @ForAll @IntRange(min = 1, max = 25) int parallel) {
        List<WindowPlan.Slot> slots = WindowPlan.simulate(items, parallel, 0, Map.of());
        // in order, each node starts the moment a slot frees: never later than the first `parallel` earlier ends allow
        for (int i = 0; i < slots.size(); i++) {
            double t = slots.get(i).startSeconds();
            long busy = slots.subList(0, i).stream().filter(s -> s.endSeconds() > t).count();
            if (t > 0) {
                long justBusy = slots.subList(0, i).stream().filter(s -> s.endSeconds() > t - 1e-6).count();
                assertThat(justBusy).as("node %d waited although a slot was free", i).isGreaterThanOrEqualTo(parallel);
            }
            assertThat(busy).isLessThan(parallel);
        }
    }
}
