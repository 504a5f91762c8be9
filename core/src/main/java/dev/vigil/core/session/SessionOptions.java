package dev.vigil.core.session;

import java.nio.file.Path;
import java.util.List;

/**
 * What the operator chose for a whole run, before the config file and the defaults: the inventory,
 * the node selection, the config, the state directory, the fan-out and the SSH settings. Null means
 * "not given". A front end (the command line) fills it; use cases never see flags.
 */
public record SessionOptions(Path inventory, String limit, Path config, Path stateDir, Integer parallel, String timeout, String connectTimeout,
                             String user, List<Path> identity, Path knownHosts, Path sshConfig, Path passwordFile) {
    public SessionOptions {
        identity = identity == null ? List.of() : List.copyOf(identity);
    }

    /** Nothing chosen: the config's values, else the defaults. */
    public static SessionOptions defaults() {
        return new SessionOptions(null, null, null, null, null, null, null, null, List.of(), null, null, null);
    }

    public SessionOptions withParallel(Integer newParallel) {
        return new SessionOptions(inventory, limit, config, stateDir, newParallel, timeout, connectTimeout, user, identity, knownHosts, sshConfig,
                passwordFile);
    }

    public SessionOptions withLimit(String newLimit) {
        return new SessionOptions(inventory, newLimit, config, stateDir, parallel, timeout, connectTimeout, user, identity, knownHosts, sshConfig,
                passwordFile);
    }
}
