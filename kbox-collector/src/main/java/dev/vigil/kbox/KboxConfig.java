package dev.vigil.kbox;

import dev.vigil.core.config.ConfigSections;


import java.nio.file.Path;
import java.util.List;

/**
 * The {@code kbox:} section of vigil.yaml: where each node keeps its crash records. Every key is
 * optional; the defaults are the platform's paths.
 *
 * <pre>
 * kbox:
 *   kbox_paths: [/var/log/kbox, /etc/kbox/config]
 *   pstore_paths: [/sys/fs/pstore, /var/lib/systemd/pstore]
 *   kdump_paths: [/var/crash]
 *   vmcore_max_bytes: 8589934592
 *   listen: {port: 6666, rotate_bytes: 10485760, keep: 5}
 * </pre>
 */
public record KboxConfig(List<String> kboxPaths, List<String> pstorePaths, List<String> kdumpPaths, Long vmcoreMaxBytes,
                         Listen listen) {
    public KboxConfig {
        kboxPaths = kboxPaths == null ? List.of("/var/log/kbox", "/etc/kbox/config") : kboxPaths;
        pstorePaths = pstorePaths == null ? List.of("/sys/fs/pstore", "/var/lib/systemd/pstore") : pstorePaths;
        kdumpPaths = kdumpPaths == null ? List.of("/var/crash") : kdumpPaths;
        vmcoreMaxBytes = vmcoreMaxBytes == null ? 8L * 1024 * 1024 * 1024 : vmcoreMaxBytes;
        if (vmcoreMaxBytes <= 0) {
            throw new IllegalArgumentException("vmcore_max_bytes must be positive");
        }
        listen = listen == null ? new Listen(null, null, null) : listen;
        for (List<String> l : List.of(kboxPaths, pstorePaths, kdumpPaths)) {
            for (String p : l) {
                if (!p.startsWith("/")) {
                    throw new IllegalArgumentException("crash record paths must be absolute, not '" + p + "'");
                }
            }
        }
    }

    public record Listen(Integer port, Long rotateBytes, Integer keep) {
        public Listen {
            port = port == null ? 6666 : port;
            rotateBytes = rotateBytes == null ? 10L * 1024 * 1024 : rotateBytes;
            keep = keep == null ? 5 : keep;
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("listen.port " + port + " is out of range");
            }
            if (rotateBytes < 1024) {
                throw new IllegalArgumentException("listen.rotate_bytes must be at least 1024");
            }
        }
    }


    public static KboxConfig defaults() {
        return new KboxConfig(null, null, null, null, null);
    }

    public static KboxConfig load(Path configPath) {
        return ConfigSections.read(configPath, "kbox", KboxConfig.class, KboxConfig::defaults);
    }
}
