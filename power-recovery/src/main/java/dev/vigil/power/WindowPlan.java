package dev.vigil.power;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The recovery's sliding window simulated, for the dry-run estimate: nodes in order, each holding a
 * slot for its expected load; at most {@code parallel} at once, power commands at least
 * {@code staggerSeconds} apart, at most N per value of each limited label. The same rules as
 * {@link RecoveryOrchestrator}: the first node in order that fits takes a free slot. Pure.
 */
public final class WindowPlan {
    private WindowPlan() {
    }

    /** One node to plan: its name, expected load in seconds and its label values. */
    public record Item(String node, double loadSeconds, Map<String, String> labels) {
    }

    /** Where the node starts (its power command) and ends, in seconds from the start. */
    public record Slot(String node, double startSeconds, double endSeconds) {
    }

    public static List<Slot> simulate(List<Item> items, int parallel, double staggerSeconds, Map<String, Integer> maxPer) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1");
        }
        List<Item> queue = new ArrayList<>(items);
        Map<String, Slot> placed = new HashMap<>();
        List<Slot> running = new ArrayList<>();
        List<Item> runningItems = new ArrayList<>();
        double t = 0;
        double lastCommand = Double.NEGATIVE_INFINITY;
        while (!queue.isEmpty()) {
            for (int i = running.size() - 1; i >= 0; i--) {
                if (running.get(i).endSeconds() <= t) {
                    running.remove(i);
                    runningItems.remove(i);
                }
            }
            Item next = null;
            if (running.size() < parallel) {
                for (Item it : queue) {
                    if (fits(it, runningItems, maxPer)) {
                        next = it;
                        break;
                    }
                }
            }
            if (next == null) {
                double soonest = Double.POSITIVE_INFINITY;
                for (Slot s : running) {
                    soonest = Math.min(soonest, s.endSeconds());
                }
                t = soonest;
                continue;
            }
            queue.remove(next);
            double start = Math.max(t, lastCommand + staggerSeconds);
            lastCommand = start;
            Slot s = new Slot(next.node(), start, start + next.loadSeconds());
            running.add(s);
            runningItems.add(next);
            placed.put(next.node(), s);
        }
        List<Slot> out = new ArrayList<>();
        for (Item it : items) {
            out.add(placed.get(it.node()));
        }
        return out;
    }

    private static boolean fits(Item it, List<Item> running, Map<String, Integer> maxPer) {
        for (Map.Entry<String, Integer> limit : maxPer.entrySet()) {
            String v = it.labels().get(limit.getKey());
            if (v == null) {
                continue;
            }
            long same = running.stream().filter(r -> v.equals(r.labels().get(limit.getKey()))).count();
            if (same >= limit.getValue()) {
                return false;
            }
        }
        return true;
    }
}
