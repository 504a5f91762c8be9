package dev.vigil.power;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a recovery stands, from its node runs: counts (loaded, loading, waiting, failed), each loading
 * node's phase and time in it, an ETA from the loads so far and the lower bound
 * max(longest load, sum of loads / parallel). The CLI's live view prints {@link #line()}.
 */
public record RecoveryProgress(String counts, List<String> loading, double elapsedSeconds, String eta, double lowerBoundSeconds, String limits) {
    public static RecoveryProgress of(Map<String, RecoveryOrchestrator.NodeRun> runs, double elapsedSeconds, int parallel) {
        return of(runs, elapsedSeconds, parallel, "");
    }

    /** limits: the stagger and label limits in force, shown on the line ("" for none). */
    public static RecoveryProgress of(Map<String, RecoveryOrchestrator.NodeRun> runs, double elapsedSeconds, int parallel, String limits) {
        Map<String, Integer> held = new TreeMap<>();
        Map<String, Integer> c = new TreeMap<>();
        List<String> loading = new ArrayList<>();
        double sum = 0;
        double longest = 0;
        int done = 0;
        for (RecoveryOrchestrator.NodeRun r : runs.values()) {
            String k = r.outcome == null ? ("waiting".equals(r.phase) ? "waiting" : "loading") : r.outcome;
            c.merge(k, 1, Integer::sum);
            if ("waiting".equals(k) && r.heldBy != null) {
                held.merge(r.heldBy, 1, Integer::sum);
            }
            if ("loading".equals(k)) {
                loading.add(String.format(Locale.ROOT, "%s %s %.0fs", r.node, r.phase, r.sinceAttemptStart()));
            }
            if (r.loadSeconds != null) {
                sum += r.loadSeconds;
                longest = Math.max(longest, r.loadSeconds);
                done++;
            }
        }
        int left = c.getOrDefault("waiting", 0) + c.getOrDefault("loading", 0);
        String eta = done == 0 ? "?" : String.format(Locale.ROOT, "%.0fs", left * (sum / done) / parallel);
        String counts = c.getOrDefault("loaded", 0) + " loaded, " + c.getOrDefault("loading", 0) + " loading, "
                + c.getOrDefault("waiting", 0) + " waiting" + (held.isEmpty() ? "" : " (held by a label limit: " + held.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(java.util.stream.Collectors.joining(", ")) + ")")
                + ", " + c.getOrDefault("failed", 0) + " failed";
        return new RecoveryProgress(counts, loading, elapsedSeconds, eta, Math.max(longest, sum / parallel), limits);
    }

    /** e.g. "recover: 3 loaded, 2 loading, 15 waiting, 0 failed; elapsed 40s, ETA 300s, lower bound 38.0s [n1 ssh 12s, ...]" */
    public String line() {
        return String.format(Locale.ROOT, "recover: %s; elapsed %.0fs, ETA %s, lower bound %.1fs%s%s", counts, elapsedSeconds, eta, lowerBoundSeconds,
                limits.isEmpty() ? "" : "; " + limits,
                loading.isEmpty() ? "" : " [" + String.join(", ", loading.subList(0, Math.min(5, loading.size()))) + (loading.size() > 5 ? ", ..." : "") + "]");
    }
}
