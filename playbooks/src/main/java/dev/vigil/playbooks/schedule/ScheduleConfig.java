package dev.vigil.playbooks.schedule;

import dev.vigil.core.config.ConfigSections;
import dev.vigil.core.config.Durations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code schedules:} section of vigil.yaml. The platform's defaults are always there unless
 * switched off; a job of the same name replaces a default.
 *
 * <pre>
 * schedules:
 *   grace: 1h              # a fire missed while the daemon was down runs once on start if less late than this
 *   shutdown_grace: 5m     # on SIGTERM, running jobs get this long
 *   timezone: UTC          # default: the controller's
 *   store: memory          # or jdbc (PostgreSQL), for two daemons sharing the schedules
 *   jdbc:
 *     url: jdbc:postgresql://db-1:5432/vigil
 *     user: vigil
 *     password_env: VIGIL_DB_PASSWORD      # or password_file
 *     cluster: true
 *   jobs:
 *     daily-routine: {cron: "0 0 * * * ?", playbook: daily-routine}
 *     alarm-scan: {enabled: false}
 *     nightly-exec: {cron: "30 2 * * *", playbook: /etc/vigil/playbooks/nightly.yaml, limit: mgmt, vars: {reason: nightly}}
 *     rack-routine: {cron: "0 0 * * * ?", playbook: daily-routine, partition_by: rack}   # one job per rack
 * </pre>
 */
public record ScheduleConfig(String grace, String shutdownGrace, String timezone, String store, Jdbc jdbc, Map<String, JobConfig> jobs) {
    public static final Map<String, JobConfig> DEFAULTS = defaults();

    private static Map<String, JobConfig> defaults() {
        Map<String, JobConfig> d = new LinkedHashMap<>();
        d.put("daily-incremental-backup", new JobConfig("0 0 1 ? * MON-SAT", "daily-incremental-backup", null, null, null));
        d.put("weekly-full-backup", new JobConfig("0 0 1 ? * SUN", "weekly-full-backup", null, null, null));
        d.put("daily-routine", new JobConfig("0 0 * * * ?", "daily-routine", null, null, null));
        d.put("alarm-scan", new JobConfig("0 */5 * * * ?", "alarm-scan", null, null, null));
        d.put("blackbox-collection", new JobConfig("0 30 2 * * ?", "blackbox-collection", null, null, null));
        return java.util.Collections.unmodifiableMap(d);
    }

    public ScheduleConfig {
        grace = grace == null ? "1h" : grace;
        shutdownGrace = shutdownGrace == null ? "5m" : shutdownGrace;
        store = store == null ? "memory" : store;
        Durations.parse(grace);
        Durations.parse(shutdownGrace);
        if (!store.equals("memory") && !store.equals("jdbc")) {
            throw new IllegalArgumentException("store must be memory or jdbc, not '" + store + "'");
        }
        if (store.equals("jdbc") && (jdbc == null || jdbc.url() == null)) {
            throw new IllegalArgumentException("store: jdbc needs jdbc.url (jdbc:postgresql://host:port/db)");
        }
        if (timezone != null && !java.time.ZoneId.getAvailableZoneIds().contains(timezone) && !timezone.equals("UTC")) {
            throw new IllegalArgumentException("unknown timezone '" + timezone + "'");
        }
        Map<String, JobConfig> merged = new LinkedHashMap<>(DEFAULTS);
        if (jobs != null) {
            jobs.forEach((name, j) -> {
                if (!name.matches("[A-Za-z0-9._-]+")) {
                    throw new IllegalArgumentException("job name '" + name + "': letters, digits and ._- only");
                }
                JobConfig base = DEFAULTS.get(name);
                merged.put(name, base == null ? j : base.overriddenBy(j));
            });
        }
        merged.forEach((name, j) -> {
            if (j.cron() == null || j.playbook() == null) {
                throw new IllegalArgumentException("job '" + name + "' needs cron and playbook");
            }
            try {
                Cron.toQuartz(j.cron());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("job '" + name + "': " + e.getMessage());
            }
        });
        jobs = java.util.Collections.unmodifiableMap(merged);
    }

    /**
     * One job. partitionBy: a node label (e.g. rack) whose every value is a job of its own, named
     * {@code NAME@rack=VALUE} (nodes without the label are {@code NAME@rack=(none)}); partitions: host
     * patterns, each a job of its own ({@code NAME@PATTERN}). In a cluster of daemons the partitions of
     * one job are spread over the daemons, and a dead daemon's partition is run again by another.
     */
    public record JobConfig(String cron, String playbook, String limit, Map<String, String> vars, Boolean enabled, String partitionBy,
                            java.util.List<String> partitions, String partition) {
        public JobConfig {
            if (partitionBy != null && partitions != null) {
                throw new IllegalArgumentException("give partition_by (a label) or partitions (patterns), not both");
            }
            if (partitionBy != null && !partitionBy.matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("partition_by must be a label name (letters, digits and _.-), not '" + partitionBy + "'");
            }
            if (partitions != null && (partitions.isEmpty() || partitions.stream().anyMatch(x -> x == null || x.isBlank()))) {
                throw new IllegalArgumentException("partitions must be a list of host patterns (e.g. [mgmt, rack=r1, rack=r2])");
            }
            partitions = partitions == null ? null : java.util.List.copyOf(partitions);
        }

        public JobConfig(String cron, String playbook, String limit, Map<String, String> vars, Boolean enabled) {
            this(cron, playbook, limit, vars, enabled, null, null, null);
        }

        public boolean on() {
            return enabled == null || enabled;
        }

        public boolean partitioned() {
            return partitionBy != null || partitions != null;
        }

        JobConfig overriddenBy(JobConfig o) {
            boolean parts = o.partitionBy != null || o.partitions != null;
            return new JobConfig(o.cron != null ? o.cron : cron, o.playbook != null ? o.playbook : playbook, o.limit != null ? o.limit : limit,
                    o.vars != null ? o.vars : vars, o.enabled != null ? o.enabled : enabled, parts ? o.partitionBy : partitionBy,
                    parts ? o.partitions : partitions, partition);
        }

        /** This job narrowed to one partition: its nodes are the limit's that the partition's pattern selects (at each fire). */
        JobConfig inPartition(String pattern) {
            return new JobConfig(cron, playbook, limit, vars, enabled, null, null, pattern);
        }

        public String quartz() {
            return Cron.toQuartz(cron);
        }
    }

    public record Jdbc(String url, String user, String passwordEnv, String passwordFile, Boolean cluster, String instanceId, Integer poolSize) {
        public boolean clustered() {
            return cluster == null || cluster;
        }
    }

    public Duration graceDuration() {
        return Durations.parse(grace);
    }

    public Duration shutdownGraceDuration() {
        return Durations.parse(shutdownGrace);
    }

    public java.util.TimeZone zone() {
        return timezone == null ? java.util.TimeZone.getDefault() : java.util.TimeZone.getTimeZone(timezone);
    }

    /** The enabled jobs, by name. */
    public Map<String, JobConfig> enabledJobs() {
        Map<String, JobConfig> m = new LinkedHashMap<>();
        jobs.forEach((k, v) -> {
            if (v.on()) {
                m.put(k, v);
            }
        });
        return m;
    }

    public static ScheduleConfig defaultsOnly() {
        return new ScheduleConfig(null, null, null, null, null, null);
    }

    public static ScheduleConfig load(Path configPath) {
        return ConfigSections.read(configPath, "schedules", ScheduleConfig.class, ScheduleConfig::defaultsOnly);
    }
}
