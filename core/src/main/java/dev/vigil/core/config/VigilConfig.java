package dev.vigil.core.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code vigil.yaml}: immutable, validated when constructed. Every field is optional; absent ones
 * take the defaults of DESIGN.md. Secrets are never in it, only references ({@code *_env}, {@code *_file}).
 *
 * <pre>
 * inventory: /etc/vigil/inventory.yaml
 * state_dir: /var/lib/vigil
 * parallel: 20
 * command_timeout: 10m
 * healthcheck: {...}     # read strictly by the healthcheck module (see HealthcheckConfig)
 * kbox: {...}            # read strictly by the kbox-collector module (see KboxConfig)
 * power: {...}           # read strictly by the power-recovery module (see PowerConfig)
 * backup: {...}          # read strictly by the backup module (see BackupConfig)
 * schedules: {...}       # read strictly by the playbooks module (see ScheduleConfig)
 * alarms: {...}          # read strictly by core/alarm/AlarmsConfig: hard_after, sinks
 * ssh:
 *   user: root
 *   port: 22
 *   identity: [~/.ssh/id_ed25519]
 *   known_hosts: /var/lib/vigil/known_hosts
 *   accept_new_host_keys: false
 *   connect_timeout: 10s
 *   keepalive_interval: 15s
 *   keepalive_count_max: 3
 *   password_env: VIGIL_SSH_PASSWORD      # or password_file
 *   passphrase_env: VIGIL_SSH_PASSPHRASE  # or passphrase_file
 *   config: ~/.ssh/config
 *   agent: true
 * </pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VigilConfig(String inventory, String stateDir, Integer parallel, String commandTimeout, Ssh ssh,
                          com.fasterxml.jackson.databind.JsonNode healthcheck, com.fasterxml.jackson.databind.JsonNode kbox,
                          com.fasterxml.jackson.databind.JsonNode power, com.fasterxml.jackson.databind.JsonNode backup,
                          com.fasterxml.jackson.databind.JsonNode schedules, com.fasterxml.jackson.databind.JsonNode alarms) {
    public static final int DEFAULT_PARALLEL = 20;
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(10);

    public VigilConfig {
        if (parallel != null && (parallel < 1 || parallel > 10_000)) {
            throw new IllegalArgumentException("parallel must be between 1 and 10000, not " + parallel);
        }
        checkDuration(commandTimeout, "command_timeout");
    }

    public static VigilConfig empty() {
        return new VigilConfig(null, null, null, null, null, null, null, null, null, null, null);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Ssh(String user, Integer port, List<String> identity, String knownHosts, Boolean acceptNewHostKeys,
                      String connectTimeout, String keepaliveInterval, Integer keepaliveCountMax,
                      String passwordEnv, String passwordFile, String passphraseEnv, String passphraseFile,
                      String config, Boolean agent) {
        public Ssh {
            if (port != null && (port < 1 || port > 65535)) {
                throw new IllegalArgumentException("ssh.port " + port + " is out of range 1-65535");
            }
            checkDuration(connectTimeout, "ssh.connect_timeout");
            checkDuration(keepaliveInterval, "ssh.keepalive_interval");
            if (keepaliveCountMax != null && keepaliveCountMax < 1) {
                throw new IllegalArgumentException("ssh.keepalive_count_max must be at least 1");
            }
            SecretRef.ofEither(passwordEnv, passwordFile, "ssh password");
            SecretRef.ofEither(passphraseEnv, passphraseFile, "ssh key passphrase");
        }

        public SecretRef password() {
            return SecretRef.ofEither(passwordEnv, passwordFile, "ssh password");
        }

        public SecretRef passphrase() {
            return SecretRef.ofEither(passphraseEnv, passphraseFile, "ssh key passphrase");
        }
    }

    private static void checkDuration(String value, String key) {
        if (value != null) {
            try {
                Duration d = Durations.parse(value);
                if (d.isZero()) {
                    throw new IllegalArgumentException(key + " must be longer than zero");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage());
            }
        }
    }

    public Ssh sshOrEmpty() {
        return ssh != null ? ssh : new Ssh(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Reads and validates a config file; every problem is one line with file, line and column. */
    public static VigilConfig load(Path path) {
        String text = TextFiles.read(path, "config file");
        if (text.isBlank()) {
            return empty();
        }
        try {
            VigilConfig c = Yaml.strictMapper().readValue(text, VigilConfig.class);
            return c == null ? empty() : c;
        } catch (JsonProcessingException e) {
            throw Yaml.formatError(path.toString(), text, e);
        }
    }
}
