package dev.vigil.healthcheck;

import dev.vigil.core.config.Durations;
import dev.vigil.core.inventory.Node;
import dev.vigil.healthcheck.HealthcheckConfig.Heartbeat;
import dev.vigil.healthcheck.HealthcheckConfig.ProcessRule;
import dev.vigil.healthcheck.HealthcheckConfig.Scope;
import dev.vigil.healthcheck.HealthcheckConfig.Threshold;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What applies to one node: thresholds (built-in defaults, then global, then the node's groups by
 * name, then the node; per mount on top for disks), expected processes, units, key files and
 * heartbeats (global and groups' and the node's, added together).
 */
public final class Settings {
    private final HealthcheckConfig config;
    private final Node node;
    private final Map<String, Threshold> thresholds;
    private final List<ProcessRule> processes = new ArrayList<>();
    private final List<String> units = new ArrayList<>();
    private final List<String> configFiles = new ArrayList<>();
    private final List<Heartbeat> heartbeats = new ArrayList<>();

    public Settings(HealthcheckConfig config, Node node) {
        this(config, node, Checks.builtIn());
    }

    /** The thresholds start from the defaults the registry's checks declare. */
    public Settings(HealthcheckConfig config, Node node, Checks checks) {
        this.config = config;
        this.node = node;
        Map<String, Threshold> t = new HashMap<>();
        checks.thresholds().forEach((name, spec) -> t.put(name, new Threshold(spec.warn(), spec.crit())));
        merge(t, config.thresholds());
        processes.addAll(config.processes());
        units.addAll(config.units());
        configFiles.addAll(config.configFiles());
        for (String g : new TreeSet<>(node.groups())) {
            apply(t, config.groups().get(g));
        }
        apply(t, config.nodes().get(node.name()));
        this.thresholds = t;
        for (Heartbeat h : config.heartbeats()) {
            if (h.groups() == null || h.groups().isEmpty() || h.groups().stream().anyMatch(node.groups()::contains)) {
                heartbeats.add(h);
            }
        }
    }

    private void apply(Map<String, Threshold> t, Scope scope) {
        if (scope == null) {
            return;
        }
        merge(t, scope.thresholds());
        processes.addAll(scope.processes());
        units.addAll(scope.units());
        configFiles.addAll(scope.configFiles());
    }

    private static void merge(Map<String, Threshold> into, Map<String, Threshold> from) {
        from.forEach((k, v) -> {
            Threshold base = into.get(k);
            into.put(k, new Threshold(v.warn() != null ? v.warn() : base.warn(), v.crit() != null ? v.crit() : base.crit()));
        });
    }

    public Threshold threshold(String name) {
        return thresholds.get(name);
    }

    /** The threshold for a disk check on one mount point: the mount's own, if configured, wins. */
    public Threshold threshold(String name, String mount) {
        Map<String, Threshold> forMount = config.mounts().get(mount);
        Threshold base = thresholds.get(name);
        if (forMount == null || forMount.get(name) == null) {
            return base;
        }
        Threshold m = forMount.get(name);
        return new Threshold(m.warn() != null ? m.warn() : base.warn(), m.crit() != null ? m.crit() : base.crit());
    }

    public List<ProcessRule> processes() {
        return processes;
    }

    public List<String> units() {
        return List.copyOf(new LinkedHashSet<>(units));
    }

    public List<String> configFiles() {
        return List.copyOf(new LinkedHashSet<>(configFiles));
    }

    public List<Heartbeat> heartbeats() {
        return heartbeats;
    }

    /** The VMs to watch on this node, or null when it is not a hypervisor by the configuration. */
    public HealthcheckConfig.Vms vms() {
        return config.vms() != null && config.vms().appliesTo(node) ? config.vms() : null;
    }

    public HealthcheckConfig config() {
        return config;
    }

    public Duration cpuInterval() {
        // half a second keeps a routine exam of one node under 1.5 s with the JVM's start; 1s+ is steadier
        return config.cpuInterval() == null ? Duration.ofMillis(500) : Durations.parse(config.cpuInterval());
    }

    public Duration checkTimeout() {
        return config.checkTimeout() == null ? Duration.ofSeconds(30) : Durations.parse(config.checkTimeout());
    }
}
