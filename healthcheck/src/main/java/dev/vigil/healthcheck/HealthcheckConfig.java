package dev.vigil.healthcheck;

import dev.vigil.core.config.ConfigSections;
import dev.vigil.core.config.Durations;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code healthcheck:} section of vigil.yaml, read strictly (unknown keys and bad values are
 * errors with file, line and column). Every key is optional.
 *
 * <pre>
 * healthcheck:
 *   thresholds: {disk-space: {warn: 80, crit: 90}, cpu: {warn: 80, crit: 95}, clock-offset: {warn: 100, crit: 1000}}
 *   mounts: {/var/log: {disk-inodes: {warn: 70, crit: 85}}}
 *   cpu_interval: 500ms          # the CPU sample (default 500ms)
 *   check_timeout: 30s
 *   processes: [{name: sshd, min: 1}]
 *   config_files: [/etc/ssh/sshd_config]
 *   logs: {files: [/var/log/messages], journal: true, since: 24h, patterns: [{name: raid, regex: 'md.*failed', severity: crit}]}
 *   alarms: {alertmanager: https://am:9093, file: /var/lib/alarms.json, command: /usr/local/bin/alarms --json,
 *            severities: {p1: critical, notice: ok}}      # besides the usual names; an unknown severity is a warning
 *   heartbeats: [{name: vrm, groups: [mgmt], timestamp_file: /var/run/vrm.hb, period: 40s}]
 *   groups: {compute: {thresholds: {...}, processes: [{name: cna-agent, min: 1}], units: [libvirtd], config_files: [...]}}
 *   nodes: {cna-07: {thresholds: {...}}}
 *   vms: {groups: [compute], uri: qemu:///system, expected_running: [all]}
 *   hardware:
 *     sensors: {"PS2 *": {ignore: true}, "CPU1 Temp": {warn: 80, crit: 90}}   # BMC sensors: ignore, or own thresholds
 *     interfaces: [eth0, eth1]      # NICs whose link must be up (network-bonds)
 *     sel_clear_at: 75              # with --clear-sel: clear a SEL at least this full (percent), after storing it
 * </pre>
 */
public record HealthcheckConfig(Map<String, Threshold> thresholds, Map<String, Map<String, Threshold>> mounts,
                                String cpuInterval, String checkTimeout, List<ProcessRule> processes, List<String> units,
                                List<String> configFiles, Logs logs, Alarms alarms, List<Heartbeat> heartbeats,
                                Map<String, Scope> groups, Map<String, Scope> nodes, Vms vms, Hardware hardware) {
    public HealthcheckConfig {
        thresholds = thresholds == null ? Map.of() : thresholds;
        mounts = mounts == null ? Map.of() : mounts;
        processes = processes == null ? List.of() : processes;
        units = units == null ? List.of() : units;
        configFiles = configFiles == null ? List.of() : configFiles;
        heartbeats = heartbeats == null ? List.of() : heartbeats;
        groups = groups == null ? Map.of() : groups;
        nodes = nodes == null ? Map.of() : nodes;
        hardware = hardware == null ? new Hardware(null, null, null) : hardware;
        checkThresholds(thresholds, "healthcheck.thresholds");
        mounts.forEach((m, t) -> checkThresholds(t, "healthcheck.mounts." + m));
        positive(cpuInterval, "cpu_interval");
        positive(checkTimeout, "check_timeout");
    }

    /** A warn/crit pair; values at or above warn are WARN, at or above crit are CRIT. */
    public record Threshold(Double warn, Double crit) {
        public Threshold {
            if (warn != null && crit != null && crit < warn) {
                throw new IllegalArgumentException("crit (" + crit + ") must not be below warn (" + warn + ")");
            }
        }

        /** "warn 80%, crit 90%" for unit "%", as the checks describe their thresholds. */
        public String describe(String unit) {
            return "warn " + Numbers.fmt(warn) + unit + ", crit " + Numbers.fmt(crit) + unit;
        }
    }

    /** A process expected on a node: by exact name (comm) or by regex over the command line. */
    public record ProcessRule(String name, String regex, Integer min) {
        public ProcessRule {
            if ((name == null) == (regex == null)) {
                throw new IllegalArgumentException("a process rule needs exactly one of 'name' or 'regex'");
            }
            if (regex != null) {
                compile(regex, "process regex");
            }
            if (min != null && min < 0) {
                throw new IllegalArgumentException("min must not be negative");
            }
        }

        public int minimum() {
            return min == null ? 1 : min;
        }

        public String label() {
            return name != null ? name : "~" + regex;
        }
    }

    /** What applies to a group or one node, on top of the global settings. */
    public record Scope(Map<String, Threshold> thresholds, List<ProcessRule> processes, List<String> units, List<String> configFiles) {
        public Scope {
            thresholds = thresholds == null ? Map.of() : thresholds;
            processes = processes == null ? List.of() : processes;
            units = units == null ? List.of() : units;
            configFiles = configFiles == null ? List.of() : configFiles;
            checkThresholds(thresholds, "thresholds");
        }
    }

    public record LogPattern(String name, String regex, String severity) {
        public LogPattern {
            if (name == null || regex == null) {
                throw new IllegalArgumentException("a log pattern needs a name and a regex");
            }
            compile(regex, "log pattern " + name);
            if (severity != null && !severity.equals("warn") && !severity.equals("crit")) {
                throw new IllegalArgumentException("log pattern severity must be warn or crit, not '" + severity + "'");
            }
        }
    }

    public record Logs(List<String> files, Boolean journal, String since, List<LogPattern> patterns) {
        public Logs {
            positive(since, "logs.since");
        }
    }

    /**
     * Where active alarms are read. Alertmanager's TLS is verified (the system trust store, or
     * {@code ca_file}); basic auth ({@code username} + {@code password_env}/{@code password_file}) or a
     * bearer token ({@code bearer_token_env}/{@code bearer_token_file}) come from secret references,
     * never from the URL, which is refused with credentials in it.
     */
    public record Alarms(String alertmanager, String file, String command, String timeout, String caFile, String username,
                         String passwordEnv, String passwordFile, String bearerTokenEnv, String bearerTokenFile, Map<String, String> severities) {
        public Alarms {
            severities = severities == null ? Map.of() : Map.copyOf(severities);
            severities.forEach((k, v) -> {
                if (!List.of("critical", "warning", "ok").contains(v)) {
                    throw new IllegalArgumentException("alarms.severities." + k + " must be critical, warning or ok, not '" + v + "'");
                }
            });
            positive(timeout, "alarms.timeout");
            if (alertmanager != null && dev.vigil.core.text.Urls.hasUserinfo(alertmanager)) {
                throw new IllegalArgumentException("alarms.alertmanager: credentials in the URL (" + dev.vigil.core.text.Urls.redacted(alertmanager)
                        + ") are refused; give username with password_env or password_file, or bearer_token_env or bearer_token_file");
            }
            if (alertmanager != null && !alertmanager.matches("https?://.+")) {
                throw new IllegalArgumentException("alarms.alertmanager must be an http(s) URL");
            }
            dev.vigil.core.config.SecretRef.ofEither(passwordEnv, passwordFile, "alarms password");
            dev.vigil.core.config.SecretRef.ofEither(bearerTokenEnv, bearerTokenFile, "alarms bearer token");
            if ((passwordEnv != null || passwordFile != null) && (bearerTokenEnv != null || bearerTokenFile != null)) {
                throw new IllegalArgumentException("alarms: give basic auth (username + password_env/password_file) or a bearer token, not both");
            }
            if ((passwordEnv != null || passwordFile != null) && username == null) {
                throw new IllegalArgumentException("alarms: password_env/password_file need username");
            }
        }

        public Alarms(String alertmanager, String file, String command, String timeout) {
            this(alertmanager, file, command, timeout, null, null, null, null, null, null, null);
        }
    }

    /**
     * The VMs to watch: on the nodes of {@code groups} (none: every node), {@code virsh -c uri list --all}
     * (default qemu:///system); {@code expected_running}: VM names that must be running, or [all].
     */
    public record Vms(String uri, List<String> groups, List<String> expectedRunning) {
        public Vms {
            groups = groups == null ? List.of() : List.copyOf(groups);
            expectedRunning = expectedRunning == null ? List.of() : List.copyOf(expectedRunning);
            if (uri != null && !uri.matches("[a-z0-9+]+://.*")) {
                throw new IllegalArgumentException("vms.uri must be a libvirt URI such as qemu:///system, not '" + uri + "'");
            }
        }

        public String uriOrDefault() {
            return uri == null ? "qemu:///system" : uri;
        }

        public boolean expectsRunning(String name) {
            return expectedRunning.contains("all") || expectedRunning.contains(name);
        }

        public boolean appliesTo(dev.vigil.core.inventory.Node node) {
            return groups.isEmpty() || groups.stream().anyMatch(node.groups()::contains);
        }
    }

    /**
     * Hardware checks' settings: per BMC sensor (a name or a glob with *), ignore it or judge it by own upper
     * thresholds (warn, crit) and lower ones (low_warn, low_crit) instead of the BMC's; the NICs whose link must be
     * up; and how full a SEL must be before --clear-sel clears it.
     */
    public record Hardware(Map<String, SensorRule> sensors, List<String> interfaces, Integer selClearAt) {
        public Hardware {
            sensors = sensors == null ? Map.of() : Map.copyOf(sensors);
            interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
            for (String i : interfaces) {
                if (!i.matches("[A-Za-z0-9_.:@-]{1,15}")) {
                    throw new IllegalArgumentException("hardware.interfaces: '" + i + "' is not a network interface name");
                }
            }
            if (selClearAt != null && (selClearAt < 1 || selClearAt > 100)) {
                throw new IllegalArgumentException("hardware.sel_clear_at must be a percentage 1-100, not " + selClearAt);
            }
        }

        public int selClearAtOrDefault() {
            return selClearAt == null ? 75 : selClearAt;
        }

        /** The rule for a sensor: an exact name first, then the first glob that matches; null if none. */
        public SensorRule rule(String sensor) {
            SensorRule exact = sensors.get(sensor);
            if (exact != null) {
                return exact;
            }
            for (Map.Entry<String, SensorRule> e : new java.util.TreeMap<>(sensors).entrySet()) {
                if (e.getKey().contains("*") && sensor.matches(globRegex(e.getKey()))) {
                    return e.getValue();
                }
            }
            return null;
        }

        static String globRegex(String glob) {
            return java.util.Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).collect(java.util.stream.Collectors.joining(".*"));
        }
    }

    /** An operator's judgement of one sensor, over the BMC's: ignore it, or these thresholds. */
    public record SensorRule(Boolean ignore, Double warn, Double crit, Double lowWarn, Double lowCrit) {
        public boolean ignored() {
            return Boolean.TRUE.equals(ignore);
        }
    }

    /** A service's heartbeat: a file's mtime, a timestamp the service writes, or a command printing one. */
    public record Heartbeat(String name, List<String> groups, String file, String timestampFile, String command, String period) {
        public Heartbeat {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a heartbeat needs a name");
            }
            int sources = (file != null ? 1 : 0) + (timestampFile != null ? 1 : 0) + (command != null ? 1 : 0);
            if (sources != 1) {
                throw new IllegalArgumentException("heartbeat " + name + ": give exactly one of file, timestamp_file or command");
            }
            positive(period, "heartbeat " + name + " period");
        }

        public java.time.Duration periodOrDefault() {
            // a VM that does not answer for 40 s is restarted elsewhere: the platform's own heartbeat figure
            return period == null ? java.time.Duration.ofSeconds(40) : Durations.parse(period);
        }
    }

    private static void checkThresholds(Map<String, Threshold> thresholds, String where) {
        thresholds.forEach((n, t) -> {
            // the names are those the registry's checks declare
            Map<String, ThresholdSpec> known = Checks.builtIn().thresholds();
            if (!known.containsKey(n)) {
                throw new IllegalArgumentException(where + ": unknown threshold '" + n + "' (known: " + String.join(", ", known.keySet()) + ")");
            }
            if (t != null) {
                for (Double v : java.util.Arrays.asList(t.warn(), t.crit())) {
                    if (v != null && v < 0) {
                        throw new IllegalArgumentException(where + "." + n + ": " + Numbers.fmt(v) + " is below zero");
                    }
                }
            }
        });
    }

    /**
     * What is legal but never does anything: a percentage threshold above 100 is never reached. Some
     * configurations use that on purpose to take a check's verdict out (warn: 101 on a shared CPU), so
     * it is a warning of {@code vigil config validate}, not an error.
     */
    public List<String> warnings() {
        List<String> out = new java.util.ArrayList<>();
        unreachable(thresholds, "healthcheck.thresholds", out);
        mounts.forEach((m, t) -> unreachable(t, "healthcheck.mounts." + m, out));
        groups.forEach((g, sc) -> unreachable(sc.thresholds(), "healthcheck.groups." + g + ".thresholds", out));
        nodes.forEach((nd, sc) -> unreachable(sc.thresholds(), "healthcheck.nodes." + nd + ".thresholds", out));
        return out;
    }

    private static void unreachable(Map<String, Threshold> thresholds, String where, List<String> out) {
        thresholds.forEach((n, t) -> {
            ThresholdSpec spec = Checks.builtIn().thresholds().get(n);
            if (t != null && spec != null && spec.percent()) {
                for (Double v : java.util.Arrays.asList(t.warn(), t.crit())) {
                    if (v != null && v > 100) {
                        out.add(where + "." + n + ": " + Numbers.fmt(v) + " is over 100%, so it never fires");
                        return;
                    }
                }
            }
        });
    }

    private static void positive(String duration, String key) {
        if (duration != null) {
            try {
                if (Durations.parse(duration).isZero()) {
                    throw new IllegalArgumentException("must be longer than zero");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage());
            }
        }
    }

    private static Pattern compile(String regex, String what) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(what + " is not a valid regex: " + e.getDescription());
        }
    }

    /** The same with another check_timeout (the global --timeout, when given, is each check's deadline). */
    public HealthcheckConfig withCheckTimeout(String timeout) {
        return new HealthcheckConfig(thresholds, mounts, cpuInterval, timeout, processes, units, configFiles, logs, alarms, heartbeats, groups, nodes, vms, hardware);
    }

    /** As the session gives it: the global --timeout, when given, overrides check_timeout. */
    public static HealthcheckConfig forSession(dev.vigil.core.session.Session session) {
        HealthcheckConfig cfg = load(session.configPath());
        return session.timeoutGiven() ? cfg.withCheckTimeout(dev.vigil.core.config.Durations.format(session.commandTimeout())) : cfg;
    }

    public static HealthcheckConfig empty() {
        return new HealthcheckConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }


    /** Reads the section from vigil.yaml (the rest of the file is the core's to check); null path: defaults. */
    public static HealthcheckConfig load(Path configPath) {
        return ConfigSections.read(configPath, "healthcheck", HealthcheckConfig.class, HealthcheckConfig::empty);
    }
}
