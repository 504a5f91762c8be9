package dev.vigil.backup;

import dev.vigil.core.config.ConfigSections;
import dev.vigil.core.config.Durations;
import dev.vigil.core.inventory.Node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code backup:} section of vigil.yaml.
 *
 * <pre>
 * backup:
 *   compression: gzip            # gzip (default), zstd or none
 *   level: 6
 *   keep: 10                     # generations per node per target (whole chains are kept)
 *   target: primary              # the default target; with none, a directory in the state dir
 *   relay_to: thirdparty         # after a successful run, copy new generations there
 *   stale_lock_after: 6h
 *   min_size_ratio: 0.5          # a run that reads under half the bytes of the previous generation fails (0: off)
 *   sets:
 *     - name: management
 *       groups: [mgmt]           # or nodes: [mgmt-1]; the first set that matches a node is its set
 *       include: [/etc/vigil-app, /srv/vigil-data/*.conf]
 *       exclude: ["*.tmp", "/srv/vigil-data/cache/**"]
 *       dumps:
 *         - name: platform-db
 *           command: pg_dump -Fc vigil
 *           timeout: 10m
 *   max_age: 26h                 # a node whose newest complete backup is older is stale (backup check; alarms)
 *   targets:
 *     primary:
 *       url: ftpes://vigilbk@backup-1:21/backups     # ftps:// for implicit TLS, file:///dir for a directory/share
 *       password_env: VIGIL_TARGET_PASSWORD          # or password_file
 *       ca_file: /etc/vigil/backup-ca.pem            # else the system trust store
 *       timeout: 60s
 *       retries: 3
 *       tls_min_version: "1.2"                       # and tls_max_version: "1.3" (the defaults)
 *     share:
 *       url: smb://VIGIL;backup@backup-1/backups$/vigil     # SMB 2/3: signing and encryption required
 *       password_file: /etc/vigil/secrets/smb                 # (smb_sign: false / smb_encrypt: false relax it)
 *     third-party:
 *       url: ftp://vigilbk@legacy-1/backups          # plain FTP: refused unless
 *       allow_plain_ftp: true                        # ... said here, and then warned about on every run
 * </pre>
 */
public record BackupConfig(String compression, Integer level, Integer keep, String target, String relayTo, String staleLockAfter,
                           List<BackupSet> sets, Map<String, TargetConfig> targets, Double minSizeRatio, String maxAge) {
    public BackupConfig {
        // the daily incremental's period and two hours' grace: a node without a complete backup for longer is stale
        maxAge = maxAge == null ? "26h" : maxAge;
        if (Durations.parse(maxAge).isZero()) {
            throw new IllegalArgumentException("max_age must be longer than zero");
        }
        minSizeRatio = minSizeRatio == null ? 0.5 : minSizeRatio;
        if (minSizeRatio < 0 || minSizeRatio > 1) {
            throw new IllegalArgumentException("min_size_ratio must be between 0 (off) and 1");
        }
        sets = sets == null ? List.of() : sets;
        targets = targets == null ? Map.of() : targets;
        keep = keep == null ? 10 : keep;
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1");
        }
        staleLockAfter = staleLockAfter == null ? "6h" : staleLockAfter;
        Durations.parse(staleLockAfter);
        Compression.of(compression, level);
        if (target != null && !targets.containsKey(target)) {
            throw new IllegalArgumentException("target '" + target + "' is not among targets " + targets.keySet());
        }
        if (relayTo != null && !targets.containsKey(relayTo)) {
            throw new IllegalArgumentException("relay_to '" + relayTo + "' is not among targets " + targets.keySet());
        }
    }

    public record Dump(String name, String command, String timeout) {
        public Dump {
            if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("a dump needs a name of letters, digits and ._- (got '" + name + "')");
            }
            if (command == null || command.isBlank()) {
                throw new IllegalArgumentException("dump '" + name + "' needs a command");
            }
            timeout = timeout == null ? "30m" : timeout;
            Durations.parse(timeout);
        }

        public Duration deadline() {
            return Durations.parse(timeout);
        }
    }

    public record BackupSet(String name, List<String> groups, List<String> nodes, List<String> include, List<String> exclude,
                            List<Dump> dumps) {
        public BackupSet {
            groups = groups == null ? List.of() : groups;
            nodes = nodes == null ? List.of() : nodes;
            exclude = exclude == null ? List.of() : exclude;
            dumps = dumps == null ? List.of() : dumps;
            include = include == null ? List.of() : include.stream().map(BackupSet::trimSlash).toList();
            if (include.isEmpty() && dumps.isEmpty()) {
                throw new IllegalArgumentException("backup set '" + name + "' has neither include paths nor dumps");
            }
            include.forEach(Listing::shellWord);
        }

        private static String trimSlash(String p) {
            return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        }

        public boolean covers(Node node) {
            return nodes.contains(node.name()) || node.groups().stream().anyMatch(groups::contains);
        }

        /** An ad-hoc set from --paths. */
        public static BackupSet ofPaths(List<String> paths) {
            return new BackupSet("paths", List.of(), List.of(), paths, List.of(), List.of());
        }
    }

    /**
     * @param tlsMinVersion  the lowest TLS version offered, "1.2" (default) or "1.3"
     * @param tlsMaxVersion  the highest, "1.3" (default) or "1.2"
     * @param allowPlainFtp  true allows an ftp:// URL (no TLS at all), warned about on every run
     * @param domain         an smb:// target's domain or workgroup (also DOMAIN;user@ in the URL)
     * @param smbSign        an smb:// target requires signing (default true)
     * @param smbEncrypt     an smb:// target requires SMB 3 encryption (default true)
     */
    public record TargetConfig(String url, String passwordEnv, String passwordFile, String caFile, String timeout, Integer retries,
                               String backoff, String tlsMinVersion, String tlsMaxVersion, Boolean allowPlainFtp,
                               String domain, Boolean smbSign, Boolean smbEncrypt) {
        public TargetConfig(String url, String passwordEnv, String passwordFile, String caFile, String timeout, Integer retries,
                            String backoff) {
            this(url, passwordEnv, passwordFile, caFile, timeout, retries, backoff, null, null, null);
        }

        public TargetConfig(String url, String passwordEnv, String passwordFile, String caFile, String timeout, Integer retries,
                            String backoff, String tlsMinVersion, String tlsMaxVersion, Boolean allowPlainFtp) {
            this(url, passwordEnv, passwordFile, caFile, timeout, retries, backoff, tlsMinVersion, tlsMaxVersion, allowPlainFtp,
                    null, null, null);
        }

        public TargetConfig {
            if (url == null) {
                throw new IllegalArgumentException("a target needs a url (file:///dir, ftpes://user@host/dir or ftps://user@host/dir)");
            }
            tlsMinVersion = tlsVersion(tlsMinVersion == null ? "1.2" : tlsMinVersion, "tls_min_version");
            tlsMaxVersion = tlsVersion(tlsMaxVersion == null ? "1.3" : tlsMaxVersion, "tls_max_version");
            if (tlsMinVersion.compareTo(tlsMaxVersion) > 0) {
                throw new IllegalArgumentException("tls_min_version " + tlsMinVersion + " is above tls_max_version " + tlsMaxVersion);
            }
            allowPlainFtp = allowPlainFtp != null && allowPlainFtp;
            smbSign = smbSign == null || smbSign;
            smbEncrypt = smbEncrypt == null || smbEncrypt;
            timeout = timeout == null ? "60s" : timeout;
            retries = retries == null ? 3 : retries;
            backoff = backoff == null ? "2s" : backoff;
            Durations.parse(timeout);
            Durations.parse(backoff);
        }
    }

    /** "1.2" or "1.3" (also written TLSv1.2); older versions are not offered. */
    static String tlsVersion(String v, String key) {
        String t = v.trim().replaceFirst("(?i)^tlsv?", "");
        if (!t.equals("1.2") && !t.equals("1.3")) {
            throw new IllegalArgumentException(key + " '" + v + "' is not a TLS version Vigil offers (1.2 or 1.3)");
        }
        return t;
    }

    public Compression compressionSetting() {
        return Compression.of(compression, level);
    }

    public Duration staleLock() {
        return Durations.parse(staleLockAfter);
    }

    /** The set that covers this node, or null. */
    public BackupSet setFor(Node node) {
        return sets.stream().filter(s -> s.covers(node)).findFirst().orElse(null);
    }

    public static BackupConfig defaults() {
        return new BackupConfig(null, null, null, null, null, null, null, null, null, null);
    }

    public static BackupConfig load(Path configPath) {
        return ConfigSections.read(configPath, "backup", BackupConfig.class, BackupConfig::defaults);
    }
}
