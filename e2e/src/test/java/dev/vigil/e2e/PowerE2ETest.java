package dev.vigil.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** vigil power against OpenIPMI's ipmi_sim BMCs, driven by the real ipmitool. */
class PowerE2ETest {
    static final Map<String, String> ENV = Map.of("VIGIL_BMC_PASSWORD", "vigil-bmc");
    /** OpenIPMI's simulator offers cipher suites up to 3; real BMCs get 17 by default. */
    static final String IPMI_SIM_CONFIG = "power: {ipmi_cipher_suite: 3, bmc_timeout: 5s, ipmi_retries: 1}\n";

    @TempDir
    Path state;
    private Fleet fleet;
    private Path config;

    @BeforeEach
    void setUp() throws Exception {
        fleet = Fleet.get();
        fleet.bmcs();
        config = state.resolve("vigil.yaml");
        Files.writeString(config, IPMI_SIM_CONFIG);
    }

    private VigilRun vigil(Map<String, String> env, Path inventory, String... args) {
        return vigil(state, config, fleet.knownHosts(), env, inventory, args);
    }

    /** vigil with a state dir and config of the test's own, the fleet's known hosts, no progress on stderr. */
    static VigilRun vigil(Path state, Path config, Path knownHosts, Map<String, String> env, Path inventory, String... args) {
        List<String> all = new ArrayList<>(List.of("--state-dir", state.resolve("st").toString(), "-c", config.toString(), "--progress", "none",
                "-i", inventory.toString(), "--known-hosts", knownHosts.toString(), "--connect-timeout", "2s"));
        all.addAll(List.of(args));
        return VigilRun.run(env, all.toArray(new String[0]));
    }

    @Test
    void status_onEveryNode_andOffThenOnBootsTheNodeAgain() throws Exception {
        VigilRun all = vigil(ENV, fleet.inventoryYaml(), "power", "status", "--format", "json");
        assertThat(all.exitCode).as(all.toString()).isZero();
        assertThat(all.json()).hasSize(Fleet.SIZE).allSatisfy(n -> assertThat(n.get("power").asText()).isEqualTo("on"));
        assertThat(all.wall.toMillis()).as("20 BMCs read in parallel").isLessThan(5000);

        VigilRun off = vigil(ENV, fleet.inventoryYaml(), "-l", "node-6", "power", "off", "--format", "json");
        assertThat(off.node("node-6").get("power").asText()).as(off.toString()).isEqualTo("off");
        VigilRun down = vigil(ENV, fleet.inventoryYaml(), "-l", "node-6", "exec", "--", "true");
        assertThat(down.exitCode).as("the node lost power").isEqualTo(3);

        VigilRun on = vigil(ENV, fleet.inventoryYaml(), "-l", "node-6", "power", "on", "--format", "json");
        assertThat(on.node("node-6").get("power").asText()).isEqualTo("on");
        VigilRun up = null;
        for (int i = 0; i < 40; i++) {
            up = vigil(ENV, fleet.inventoryYaml(), "-l", "node-6", "exec", "--", "hostname");
            if (up.exitCode == 0) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(up.exitCode).as("the node booted after power on: " + up).isZero();
        assertThat(up.stdout).contains("node-6");
        VigilRun again = vigil(ENV, fleet.inventoryYaml(), "-l", "node-6", "power", "on");
        assertThat(again.stdout).as("a node already on is left alone").contains("(already on)");
    }

    @Test
    void unreachableBmc_andWrongPassword_areNamedAndTheOthersProceed() throws Exception {
        Path inv = state.resolve("bmcs.yaml");
        Files.writeString(inv, "defaults: {bmc: {type: ipmi, user: admin, password_env: VIGIL_BMC_PASSWORD}}\nnodes:\n"
                + "  - {name: node-1, address: 127.0.1.1, bmc: {address: 127.0.2.1}}\n"
                + "  - {name: ghost, address: 127.0.1.250, bmc: {address: 127.0.2.250}}\n");
        VigilRun r = vigil(ENV, inv, "power", "status", "--format", "json");
        assertThat(r.exitCode).as(r.toString()).isEqualTo(3);
        assertThat(r.node("node-1").get("power").asText()).isEqualTo("on");
        JsonNode ghost = r.node("ghost");
        assertThat(ghost.get("outcome").asText()).isEqualTo("unreachable");
        assertThat(ghost.get("message").asText()).startsWith("bmc-unreachable:");
        assertThat(ghost.get("duration_ms").asLong()).isLessThan(8000);

        VigilRun wrong = vigil(Map.of("VIGIL_BMC_PASSWORD", "not-the-password"), inv, "-l", "node-1", "power", "status", "--format", "json");
        assertThat(wrong.exitCode).isEqualTo(2);
        assertThat(wrong.node("node-1").get("outcome").asText()).isEqualTo("auth-failed");
        assertThat(wrong.node("node-1").get("message").asText()).startsWith("bmc-auth-failed:").doesNotContain("not-the-password");

        VigilRun noPw = vigil(Map.of(), inv, "power", "status");
        assertThat(noPw.exitCode).isEqualTo(64);
        assertThat(noPw.stderr).isEqualTo("vigil: environment variable VIGIL_BMC_PASSWORD is not set (it should hold a secret)\n");
    }

    @Test
    void audit_listsNodesThatWillStayOffWhenPowerReturns() {
        VigilRun audit = vigil(ENV, fleet.inventoryYaml(), "-l", "node-1,node-2", "power", "audit", "--format", "json");
        assertThat(audit.exitCode).isEqualTo(2);
        assertThat(audit.node("node-1").get("restore_policy").asText()).isEqualTo("always-off");
        assertThat(audit.node("node-1").get("message").asText()).contains("stays off when power returns");
    }

    @Test
    void policy_aBmcThatRefusesToSetIt_isNamedWithItsAnswer_andABadValueTouchesNothing() {
        // ipmi_sim does not implement Set Power Restore Policy: the refusal must reach the operator as the BMC said it
        VigilRun set = vigil(ENV, fleet.inventoryYaml(), "-l", "node-1", "power", "policy", "always-on", "--format", "json");
        assertThat(set.exitCode).as(set.toString()).isEqualTo(2);
        assertThat(set.node("node-1").get("message").asText()).contains("Power Restore Policy command failed: Invalid command");

        VigilRun bad = vigil(ENV, fleet.inventoryYaml(), "-l", "node-1", "power", "policy", "sometimes");
        assertThat(bad.exitCode).isEqualTo(64);
        assertThat(bad.stderr.strip()).contains("'sometimes' is not a restore policy").doesNotContain("\n");
    }
}
