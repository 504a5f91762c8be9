package dev.vigil.core.alarm;

import dev.vigil.core.config.ConfigSections;
import dev.vigil.core.config.Durations;
import dev.vigil.core.config.SecretRef;
import dev.vigil.core.text.Urls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code alarms:} section of vigil.yaml, read strictly. Every key is optional; with no sinks the
 * alarms are kept and listed ({@code vigil alarms list}) but sent nowhere.
 *
 * <pre>
 * alarms:
 *   hard_after: {heartbeat: 3, cpu: 3, memory: 3}     # consecutive bad scans before an item is raised (default 1)
 *   sinks:
 *     - {type: alertmanager, url: https://am:9093, ca_file: /etc/vigil/ca.pem, bearer_token_file: /etc/vigil/am.token}
 *     - {type: webhook, url: https://hooks.example/vigil, secret_env: VIGIL_WEBHOOK_SECRET, min_severity: critical}
 *     - {type: syslog, url: tls://logs.example:6514, ca_file: /etc/vigil/ca.pem, match: {group: mgmt}}
 * </pre>
 */
public record AlarmsConfig(Map<String, Integer> hardAfter, List<Sink> sinks) {
    /** The platform's figures: a heartbeat is a service down after 3 missed periods; CPU and memory 3 samples over the threshold. */
    static final Map<String, Integer> DEFAULT_HARD_AFTER = Map.of("heartbeat", 3, "cpu", 3, "memory", 3);

    public AlarmsConfig {
        hardAfter = hardAfter == null ? Map.of() : Map.copyOf(hardAfter);
        sinks = sinks == null ? List.of() : List.copyOf(sinks);
        hardAfter.forEach((k, v) -> {
            if (v == null || v < 1 || v > 100) {
                throw new IllegalArgumentException("alarms.hard_after." + k + " must be between 1 and 100");
            }
        });
        Set<String> names = new HashSet<>();
        for (Sink s : sinks) {
            if (!names.add(s.id())) {
                throw new IllegalArgumentException("alarms.sinks: two sinks named '" + s.id() + "' (give each a name)");
            }
        }
    }

    /**
     * One receiver. {@code type}: alertmanager, webhook or syslog; {@code url}: http(s)://, or for syslog
     * udp://, tcp:// or tls:// (RFC 5425) with the port; secrets only from {@code *_env} or {@code *_file}.
     * {@code min_severity} (warning or critical) and {@code match} (labels that must all be equal; node and
     * source count as labels) choose what it gets.
     */
    public record Sink(String name, String type, String url, String caFile, String username, String passwordEnv, String passwordFile,
                       String bearerTokenEnv, String bearerTokenFile, String secretEnv, String secretFile, String minSeverity,
                       Map<String, String> match, String timeout, Snmp snmp, Email email) {
        /** The same, for the sinks that are not SNMP. */
        public Sink(String name, String type, String url, String caFile, String username, String passwordEnv, String passwordFile,
                    String bearerTokenEnv, String bearerTokenFile, String secretEnv, String secretFile, String minSeverity,
                    Map<String, String> match, String timeout) {
            this(name, type, url, caFile, username, passwordEnv, passwordFile, bearerTokenEnv, bearerTokenFile, secretEnv, secretFile, minSeverity,
                    match, timeout, null, null);
        }

        public Sink {
            if (type == null || !AlarmSinks.TYPES.contains(type)) {
                throw new IllegalArgumentException("alarms.sinks: type must be one of " + String.join(", ", AlarmSinks.TYPES)
                        + (type == null ? "" : ", not '" + type + "'"));
            }
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("alarms.sinks: a " + type + " sink needs url");
            }
            if (Urls.hasUserinfo(url)) {
                throw new IllegalArgumentException("alarms.sinks: credentials in the URL (" + Urls.redacted(url)
                        + ") are refused; give username with password_env or password_file, or a bearer token reference");
            }
            boolean http = url.matches("https?://.+");
            boolean ok = switch (type) {
                case "syslog" -> url.matches("(udp|tcp|tls)://[^/]+:\\d+/?");
                case "snmp" -> url.matches("udp://[^/]+:\\d+/?");
                case "email" -> url.matches("smtp://[^/]+:\\d+/?");
                default -> http;
            };
            if (!ok) {
                throw new IllegalArgumentException("alarms.sinks: " + switch (type) {
                    case "syslog" -> "a syslog url is udp://HOST:PORT, tcp://HOST:PORT or tls://HOST:PORT";
                    case "snmp" -> "an snmp url is udp://HOST:PORT (162 is the trap port)";
                    case "email" -> "an email url is smtp://HOST:PORT (587, submission with STARTTLS, which is always required)";
                    default -> "a " + type + " url is http(s)://...";
                });
            }
            if (type.equals("email") && (email == null || email.from() == null || email.to().isEmpty())) {
                throw new IllegalArgumentException("alarms.sinks: an email sink needs email: {from: vigil@..., to: [ops@...]}");
            }
            if (type.equals("snmp") && snmp == null) {
                throw new IllegalArgumentException("alarms.sinks: an snmp sink needs snmp: {version: 2c, community_env: ...} or "
                        + "{version: 3, user: ..., auth_password_env: ..., priv_password_env: ..., engine_id: 0x...}");
            }
            if (minSeverity != null && !minSeverity.equals("warning") && !minSeverity.equals("critical")) {
                throw new IllegalArgumentException("alarms.sinks: min_severity must be warning or critical, not '" + minSeverity + "'");
            }
            SecretRef.ofEither(passwordEnv, passwordFile, "alarms sink password");
            SecretRef.ofEither(bearerTokenEnv, bearerTokenFile, "alarms sink bearer token");
            SecretRef.ofEither(secretEnv, secretFile, "alarms sink secret");
            if ((passwordEnv != null || passwordFile != null) && username == null) {
                throw new IllegalArgumentException("alarms.sinks: password_env/password_file need username");
            }
            if (timeout != null) {
                Durations.parse(timeout);
            }
            match = match == null ? Map.of() : Map.copyOf(match);
        }

        /** Its name in the outbox's cursors and in messages: the name given, else the type. */
        public String id() {
            return name != null ? name : type;
        }

        public Duration timeoutOrDefault() {
            return timeout == null ? Duration.ofSeconds(10) : Durations.parse(timeout);
        }

        /** Whether this sink gets the alarm: severity at least min_severity, every match label equal. */
        public boolean wants(Alarm a) {
            if ("critical".equals(minSeverity) && !"critical".equals(a.severity())) {
                return false;
            }
            for (Map.Entry<String, String> m : match.entrySet()) {
                String v = switch (m.getKey()) {
                    case "node" -> a.node();
                    case "source" -> a.source();
                    case "item" -> a.item();
                    default -> a.labels().get(m.getKey());
                };
                if (!m.getValue().equals(v)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** An email sink's envelope: who it is from and to whom it goes (the SMTP login is username with password_env/_file). */
    public record Email(String from, List<String> to) {
        public Email {
            to = to == null ? List.of() : List.copyOf(to);
            for (String a : to) {
                if (!a.matches("[^@\\s]+@[^@\\s]+")) {
                    throw new IllegalArgumentException("alarms.sinks.email.to: '" + a + "' is not an address");
                }
            }
            if (from != null && !from.matches("[^@\\s]+@[^@\\s]+")) {
                throw new IllegalArgumentException("alarms.sinks.email.from: '" + from + "' is not an address");
            }
        }
    }

    /**
     * An SNMP sink's security: v2c with a community, or v3 authPriv (SHA-256 or SHA, AES-128) with a user whose
     * passwords come from secret references, sent from {@code engine_id} (hex; the receiver's createUser names it).
     */
    public record Snmp(String version, String communityEnv, String communityFile, String user, String auth, String authPasswordEnv,
                       String authPasswordFile, String priv, String privPasswordEnv, String privPasswordFile, String engineId) {
        public Snmp {
            version = version == null ? "3" : version;
            if (!version.equals("2c") && !version.equals("3")) {
                throw new IllegalArgumentException("alarms.sinks.snmp.version must be 2c or 3, not '" + version + "'");
            }
            auth = auth == null ? "sha-256" : auth;
            priv = priv == null ? "aes" : priv;
            if (!auth.equals("sha") && !auth.equals("sha-256")) {
                throw new IllegalArgumentException("alarms.sinks.snmp.auth must be sha-256 or sha");
            }
            if (!priv.equals("aes")) {
                throw new IllegalArgumentException("alarms.sinks.snmp.priv must be aes (AES-128)");
            }
            if (version.equals("2c")) {
                if (SecretRef.ofEither(communityEnv, communityFile, "snmp community") == null) {
                    throw new IllegalArgumentException("alarms.sinks.snmp: version 2c needs community_env or community_file");
                }
            } else {
                if (user == null || SecretRef.ofEither(authPasswordEnv, authPasswordFile, "snmp auth password") == null
                        || SecretRef.ofEither(privPasswordEnv, privPasswordFile, "snmp priv password") == null) {
                    throw new IllegalArgumentException("alarms.sinks.snmp: version 3 is authPriv: give user, auth_password_env (or _file) and"
                            + " priv_password_env (or _file)");
                }
                if (engineId == null || !engineId.matches("(0x)?([0-9a-fA-F]{2}){5,32}")) {
                    throw new IllegalArgumentException("alarms.sinks.snmp: version 3 needs engine_id, 5 to 32 bytes in hex (e.g. 0x80001f8803...)");
                }
            }
        }
    }

    /** How many consecutive bad scans raise this item: hard_after by the item's check (its first word), else the defaults, else 1. */
    public int hardAfter(Observation o) {
        String check = o.item().split(" ", 2)[0];
        Integer n = hardAfter.get(check);
        if (n == null) {
            n = DEFAULT_HARD_AFTER.get(check);
        }
        return n == null ? 1 : n;
    }

    public static AlarmsConfig empty() {
        return new AlarmsConfig(null, null);
    }

    public static AlarmsConfig load(Path configPath) {
        return ConfigSections.read(configPath, "alarms", AlarmsConfig.class, AlarmsConfig::empty);
    }
}
