package dev.vigil.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** vigil exec against the fleet of real OpenSSH nodes. */
class ExecE2ETest {
    @TempDir
    Path state;
    private Fleet fleet;

    @BeforeEach
    void fleet() {
        fleet = Fleet.get();
    }

    private List<String> base(Path inventory) {
        return new ArrayList<>(List.of("--state-dir", state.toString(), "-i", inventory.toString(),
                "--known-hosts", fleet.knownHosts().toString(), "--progress", "none"));
    }

    private VigilRun vigil(List<String> args) {
        return VigilRun.run(args.toArray(new String[0]));
    }

    @Test
    void exec_onEveryNode_eachAnswersFromItsOwnNamespace() {
        List<String> args = base(fleet.inventoryYaml());
        args.addAll(List.of("exec", "--format", "json", "--", "hostname; ls /var/log | wc -l; cat /etc/vigil-app/app.conf"));
        VigilRun r = vigil(args);
        assertThat(r.exitCode).as(r.toString()).isZero();
        JsonNode all = r.json();
        assertThat(all).hasSize(Fleet.SIZE);
        for (int i = 1; i <= Fleet.SIZE; i++) {
            JsonNode n = r.node("node-" + i);
            assertThat(n.get("outcome").asText()).isEqualTo("ok");
            assertThat(n.get("exit_code").asInt()).isZero();
            assertThat(n.get("stdout").asText()).startsWith("node-" + i + "\n").contains("listen=127.0.1." + i);
            assertThat(n.get("stderr").asText()).isEmpty();
            assertThat(n.get("duration_ms").asLong()).isPositive();
        }
    }

    @Test
    void ansibleIniInventory_worksAsItStands() {
        List<String> args = base(fleet.inventoryIni());
        args.addAll(List.of("exec", "-l", "mgmt", "--format", "json", "--", "pgrep -x vrm-agent >/dev/null && hostname"));
        VigilRun r = vigil(args);
        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.json()).hasSize(2);
        assertThat(r.node("node-2").get("stdout").asText()).isEqualTo("node-2\n");
    }

    @Test
    void tableOutput_groupsEachNodesOutputUnderItsName() {
        List<String> args = base(fleet.inventoryYaml());
        args.addAll(List.of("exec", "-l", "node-3,node-4", "--", "echo out; echo err >&2; exit 5"));
        VigilRun r = vigil(args);
        assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
        assertThat(r.stdout).contains("node-3 | failed | rc=5 |").contains("  out\n").contains("  stderr: err\n")
                .contains("2 nodes: 2 failed in ");
    }

    @Test
    void stoppedNode_isUnreachableWithinTheConnectTimeout_andTheOthersFinish() {
        fleet.stopNode(7);
        try {
            List<String> args = base(fleet.inventoryYaml());
            args.addAll(List.of("--connect-timeout", "3s", "exec", "--format", "json", "--", "sleep 1; hostname"));
            VigilRun r = vigil(args);
            assertThat(r.exitCode).as("unreachable nodes only: UNKNOWN\n" + r).isEqualTo(3);
            JsonNode down = r.node("node-7");
            assertThat(down.get("outcome").asText()).isEqualTo("unreachable");
            assertThat(down.get("message").asText()).contains("connection refused");
            assertThat(down.get("duration_ms").asLong()).isLessThan(4000);
            for (int i = 1; i <= Fleet.SIZE; i++) {
                if (i != 7) {
                    assertThat(r.node("node-" + i).get("outcome").asText()).isEqualTo("ok");
                }
            }
        } finally {
            fleet.startNode(7);
        }
    }

    @Test
    void hangingCommand_isTimedOutAtItsDeadline_andNothingIsLeftOnTheNode() {
        List<String> args = base(fleet.inventoryYaml());
        args.addAll(List.of("-l", "node-5,node-6", "-t", "2s", "exec", "--format", "json", "--",
                "sleep 4711 & sleep 4712; echo vigil-hang-marker"));
        VigilRun r = vigil(args);
        assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
        assertThat(r.node("node-5").get("outcome").asText()).isEqualTo("timed-out");
        assertThat(r.node("node-5").get("message").asText()).contains("did not finish within 2s");
        assertThat(r.wall.toMillis()).isLessThan(15_000);
        List<String> check = base(fleet.inventoryYaml());
        // the pattern does not match this command's own line; the fleet's heartbeat loop sleeps too
        check.addAll(List.of("-l", "node-5,node-6", "exec", "--format", "json", "--", "pgrep -f 'sleep 471[12]' || echo none"));
        VigilRun after = vigil(check);
        assertThat(after.node("node-5").get("stdout").asText()).as("sleeps left running").isEqualTo("none\n");
        assertThat(after.node("node-6").get("stdout").asText()).isEqualTo("none\n");
    }

    @Test
    void wrongKey_isAuthFailed() throws Exception {
        Path wrong = state.resolve("wrong_key");
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", wrong.toString()).start();
        assertThat(p.waitFor()).isZero();
        List<String> args = base(fleet.inventoryYaml());
        args.addAll(List.of("-l", "node-1", "exec", "--format", "json", "--", "true"));
        // the inventory names the fleet key for every node; an inventory without it takes --identity
        Path inv = state.resolve("inv.yaml");
        Files.writeString(inv, "nodes:\n  - {name: node-1, address: 127.0.1.1, user: root}\n");
        args.set(3, inv.toString());
        args.addAll(0, List.of("--identity", wrong.toString()));
        VigilRun r = vigil(args);
        assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
        assertThat(r.node("node-1").get("outcome").asText()).isEqualTo("auth-failed");
        assertThat(r.node("node-1").get("message").asText()).contains("authentication failed for node-1").contains(wrong.toString());
    }

    @Test
    void nodeNamedLikeAShellCommand_runsNothingExtra() throws Exception {
        String canary = "/tmp/vigil-pwned-" + Long.toHexString(new Random().nextLong() & Long.MAX_VALUE);
        Path inv = state.resolve("evil.yaml");
        Files.writeString(inv, "defaults: {user: root, identity: " + fleet.clientKey() + "}\nnodes:\n"
                + "  - {name: 'a;touch " + canary + "', address: 127.0.1.1}\n"
                + "  - {name: 'b;touch " + canary + "'}\n"
                + "  - {name: 'c$(touch " + canary + ")', address: '127.0.1.2;touch " + canary + "'}\n");
        List<String> args = base(inv);
        args.addAll(List.of("exec", "--format", "json", "--", "hostname"));
        VigilRun r = vigil(args);
        assertThat(r.node("a;touch " + canary).get("stdout").asText()).isEqualTo("node-1\n");
        assertThat(r.node("b;touch " + canary).get("outcome").asText()).isEqualTo("unreachable");
        assertThat(r.node("b;touch " + canary).get("message").asText()).contains("not a valid host name or address");
        assertThat(r.node("c$(touch " + canary + ")").get("outcome").asText()).isEqualTo("unreachable");
        assertThat(Path.of(canary)).as("a node name or address ran a command").doesNotExist();
    }

    @Test
    void progressGoesToStderr_andStdoutStaysParseable() {
        List<String> args = base(fleet.inventoryYaml());
        args.set(args.indexOf("none"), "plain");
        args.addAll(List.of("-l", "node-1*", "exec", "--format", "json", "--", "true"));
        VigilRun r = vigil(args);
        assertThat(r.json()).hasSize(Fleet.SIZE >= 19 ? 11 : 1 + Math.max(0, Fleet.SIZE - 9));
        assertThat(r.stderr).contains("exec [1/").contains(" ok ");
    }

    @Test
    void ctrlC_endsTheCommandsOnTheNodes() throws Exception {
        List<String> args = new ArrayList<>(List.of(VigilRun.launcher().toString()));
        args.addAll(base(fleet.inventoryYaml()));
        args.addAll(List.of("-l", "node-13,node-14", "exec", "--", "sleep 4713"));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        List<String> check = base(fleet.inventoryYaml());
        check.addAll(List.of("-l", "node-13,node-14", "exec", "--format", "json", "--", "pgrep -f 'sleep 471[3]' >/dev/null && echo running || echo none"));
        long until = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until && !vigil(check).node("node-14").get("stdout").asText().equals("running\n")) {
            Thread.sleep(200);
        }
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Thread.sleep(500);
        VigilRun after = vigil(check);
        assertThat(after.node("node-13").get("stdout").asText()).isEqualTo("none\n");
        assertThat(after.node("node-14").get("stdout").asText()).isEqualTo("none\n");
    }
}
