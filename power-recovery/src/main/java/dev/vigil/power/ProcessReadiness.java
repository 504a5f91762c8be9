package dev.vigil.power;

import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Status;
import dev.vigil.core.transport.Transport;
import dev.vigil.healthcheck.CheckContextFactory;
import dev.vigil.healthcheck.CheckResult;
import dev.vigil.healthcheck.HealthcheckConfig;
import dev.vigil.healthcheck.RunEnvironment;
import dev.vigil.healthcheck.Settings;
import dev.vigil.healthcheck.checks.ProcessesCheck;
import dev.vigil.healthcheck.history.Baseline;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A node is ready when the processes and services its groups expect (the health check's
 * {@code processes} configuration) are running, judged by the health check's own process check.
 * A node with no expectations configured is ready as soon as a command runs on it.
 */
public final class ProcessReadiness {
    private final HealthcheckConfig config;
    private final Path stateDir;

    public ProcessReadiness(HealthcheckConfig config, Path stateDir) {
        this.config = config;
        this.stateDir = stateDir;
    }

    public boolean expectsProcesses(Node node) {
        Settings s = new Settings(config, node);
        return !s.processes().isEmpty() || !s.units().isEmpty();
    }

    /** Runs the process check on the node through {@code transport}; true when it is OK. */
    public boolean ready(Node node, Transport transport) throws Exception {
        RunEnvironment env = new RunEnvironment(Instant.now(), null, Baseline.load(stateDir), Instant.now(), List.of(), null);
        CheckResult r = new ProcessesCheck().run(CheckContextFactory.create(node, transport, config, env));
        return r.status() == Status.OK;
    }
}
