package dev.vigil.playbooks.schedule;

import dev.vigil.core.error.UsageException;
import dev.vigil.core.inventory.HostPattern;
import dev.vigil.core.inventory.Inventory;
import dev.vigil.core.inventory.Node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A partitioned job split into one job per inventory partition, so a cluster of daemons shares the
 * work: {@code partition_by: rack} gives {@code NAME@rack=VALUE} for every value of the label among
 * the job's nodes, and {@code NAME@rack=(none)} for its nodes without it; {@code partitions: [..]}
 * gives {@code NAME@PATTERN} per pattern. Every node of the job is in exactly one partition: patterns
 * that overlap are refused (a node would be checked twice per fire), and a node no pattern selects is
 * a warning. Pure, given the inventory.
 */
public final class Partitions {
    /** The partition of nodes without the label. */
    public static final String NONE = "(none)";

    private Partitions() {
    }

    /** The jobs as the daemon schedules them: unpartitioned ones as they are, partitioned ones split. warnings: what an operator should know. */
    public static Map<String, ScheduleConfig.JobConfig> expand(Map<String, ScheduleConfig.JobConfig> jobs, Inventory inventory, List<String> warnings) {
        Map<String, ScheduleConfig.JobConfig> out = new LinkedHashMap<>();
        jobs.forEach((name, job) -> {
            if (!job.partitioned()) {
                out.put(name, job);
                return;
            }
            List<Node> nodes = job.limit() == null ? inventory.nodes() : HostPattern.select(inventory, job.limit());
            if (job.partitionBy() != null) {
                Set<String> values = new java.util.TreeSet<>();
                boolean unlabelled = false;
                for (Node n : nodes) {
                    String v = n.vars().get(job.partitionBy());
                    if (v == null) {
                        unlabelled = true;
                    } else {
                        values.add(v);
                    }
                }
                for (String v : values) {
                    // a value with pattern characters is matched as itself, not as a glob
                    out.put(name + "@" + job.partitionBy() + "=" + v, job.inPartition(job.partitionBy() + "=" + v.replaceAll("([*?\\[])", "[$1]")));
                }
                if (unlabelled) {
                    out.put(name + "@" + job.partitionBy() + "=" + NONE, job.inPartition("!" + job.partitionBy() + "=*"));
                }
                return;
            }
            Map<String, String> owner = new LinkedHashMap<>();
            Set<String> inJob = new LinkedHashSet<>();
            nodes.forEach(n -> inJob.add(n.name()));
            for (String pattern : job.partitions()) {
                List<Node> selected;
                try {
                    selected = HostPattern.select(inventory, pattern);
                } catch (UsageException e) {
                    throw new UsageException("job '" + name + "': partition '" + pattern + "': " + e.getMessage());
                }
                for (Node n : selected) {
                    if (!inJob.contains(n.name())) {
                        continue;
                    }
                    String before = owner.putIfAbsent(n.name(), pattern);
                    if (before != null) {
                        throw new UsageException("job '" + name + "': node " + n.name() + " is in partitions '" + before + "' and '" + pattern
                                + "'; it would be checked twice per fire");
                    }
                }
                out.put(name + "@" + pattern, job.inPartition(pattern));
            }
            List<String> missed = new ArrayList<>(inJob);
            missed.removeAll(owner.keySet());
            if (!missed.isEmpty()) {
                warnings.add("job '" + name + "': " + missed.size() + " node(s) in no partition, not run by it: "
                        + String.join(", ", missed.subList(0, Math.min(10, missed.size()))) + (missed.size() > 10 ? ", ..." : ""));
            }
        });
        return out;
    }

    /** The nodes of one partitioned job's fire: the limit's nodes that the partition pattern selects, in inventory order. */
    public static List<Node> nodes(Inventory inventory, ScheduleConfig.JobConfig job) {
        List<Node> base = job.limit() == null ? inventory.nodes() : HostPattern.select(inventory, job.limit());
        if (job.partition() == null) {
            return base;
        }
        Set<String> part = new java.util.HashSet<>();
        HostPattern.select(inventory, job.partition()).forEach(n -> part.add(n.name()));
        return base.stream().filter(n -> part.contains(n.name())).toList();
    }
}
