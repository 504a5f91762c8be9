package dev.vigil.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Host keys, trust on first use, inventory check, ProxyJump, and bad input, against real sshd. */
class ConnectivityE2ETest {
    @TempDir
    Path state;
    private Fleet fleet;

    @BeforeEach
    void fleet() {
        fleet = Fleet.get();
    }

    private VigilRun vigil(String... args) {
        List<String> all = new ArrayList<>(List.of("--state-dir", state.toString(), "--progress", "none"));
        all.addAll(List.of(args));
        return VigilRun.run(all.toArray(new String[0]));
    }

    @Test
    void unknownHostKeys_areRefused_untilTrusted_thenVerified() throws Exception {
        String inv = fleet.inventoryYaml().toString();
        Path known = state.resolve("own_known_hosts");
        VigilRun refused = vigil("-i", inv, "--known-hosts", known.toString(), "-l", "node-1,node-2", "exec", "--format", "json", "--", "true");
        assertThat(refused.exitCode).as(refused.toString()).isEqualTo(2);
        JsonNode n1 = refused.node("node-1");
        assertThat(n1.get("outcome").asText()).isEqualTo("host-key-rejected");
        assertThat(n1.get("message").asText()).contains("unknown host key for node-1 (127.0.1.1)")
                .contains("SHA256:").contains("vigil inventory trust -l node-1");

        VigilRun trust = vigil("-i", inv, "--known-hosts", known.toString(), "-l", "node-1,node-2", "inventory", "trust");
        assertThat(trust.exitCode).as(trust.toString()).isZero();
        assertThat(trust.stdout).contains("(new, recorded)");
        assertThat(Files.readAllLines(known)).hasSize(2);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(known))).isEqualTo("rw-------");
        String fleetKey = Files.readString(fleet.nodeDir(1).resolve("ssh_host_ed25519_key.pub")).split(" ")[1];
        assertThat(Files.readString(known)).contains("127.0.1.1 ssh-ed25519 " + fleetKey);

        VigilRun ok = vigil("-i", inv, "--known-hosts", known.toString(), "-l", "node-1,node-2", "exec", "--", "true");
        assertThat(ok.exitCode).as(ok.toString()).isZero();
        VigilRun again = vigil("-i", inv, "--known-hosts", known.toString(), "-l", "node-1,node-2", "inventory", "trust");
        assertThat(again.stdout).doesNotContain("(new, recorded)");
        assertThat(Files.readAllLines(known)).as("nothing recorded twice").hasSize(2);
    }

    @Test
    void changedHostKey_isRefusedNamingBothFingerprints_evenByTrust() throws Exception {
        // known_hosts that claims node-3's address has node-4's keys: what a reinstalled or spoofed node looks like
        Path known = state.resolve("kh");
        String node4Ed = Files.readString(fleet.nodeDir(4).resolve("ssh_host_ed25519_key.pub")).trim();
        Files.writeString(known, "127.0.1.3 " + node4Ed.split(" ")[0] + " " + node4Ed.split(" ")[1] + "\n");
        for (String[] cmd : new String[][] {{"exec", "--format", "json", "--", "true"}, {"inventory", "trust", "--format", "json"}}) {
            List<String> args = new ArrayList<>(List.of("-i", fleet.inventoryYaml().toString(), "--known-hosts", known.toString(), "-l", "node-3"));
            args.addAll(List.of(cmd));
            VigilRun r = vigil(args.toArray(new String[0]));
            assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
            JsonNode n = r.node("node-3");
            assertThat(n.get("outcome").asText()).isEqualTo("host-key-rejected");
            assertThat(n.get("message").asText()).contains("has CHANGED").contains("known ED25519 SHA256:")
                    .contains("presented ED25519 SHA256:");
        }
        assertThat(Files.readAllLines(known)).as("trust never replaces a changed key").hasSize(1);
    }

    @Test
    void inventoryCheck_reportsEveryNodeWithRoundTripAndHostKey() {
        fleet.stopNode(11);
        try {
            VigilRun r = vigil("-i", fleet.inventoryYaml().toString(), "--known-hosts", fleet.knownHosts().toString(),
                    "--connect-timeout", "3s", "inventory", "check", "--format", "json");
            assertThat(r.exitCode).as(r.toString()).isEqualTo(3);
            JsonNode ok = r.node("node-1");
            assertThat(ok.get("outcome").asText()).isEqualTo("ok");
            assertThat(ok.get("rtt_ms").asDouble()).isPositive();
            assertThat(ok.get("host_key").asText()).startsWith("ED25519 SHA256:");
            assertThat(r.node("node-11").get("outcome").asText()).isEqualTo("unreachable");
            VigilRun table = vigil("-i", fleet.inventoryYaml().toString(), "--known-hosts", fleet.knownHosts().toString(),
                    "-l", "node-1,node-11", "inventory", "check");
            assertThat(table.stdout).contains("NODE").contains("RTT").contains("2 nodes: 1 ok, 1 unreachable");
        } finally {
            fleet.startNode(11);
        }
    }

    @Test
    void proxyJump_fromSshConfig_reachesTheNodeThroughTheJumpHost() throws Exception {
        Path sshConfig = state.resolve("ssh_config");
        Files.writeString(sshConfig, "Host 127.0.1.9\n  ProxyJump root@127.0.1.1\nHost 127.0.1.10\n  ProxyJump root@127.0.1.12\n");
        fleet.stopNode(12);
        try {
            VigilRun r = vigil("-i", fleet.inventoryYaml().toString(), "--known-hosts", fleet.knownHosts().toString(),
                    "--ssh-config", sshConfig.toString(), "--identity", fleet.clientKey().toString(), "--connect-timeout", "3s",
                    "-l", "node-9,node-10", "exec", "--format", "json", "--", "hostname");
            assertThat(r.node("node-9").get("outcome").asText()).as(r.toString()).isEqualTo("ok");
            assertThat(r.node("node-9").get("stdout").asText()).isEqualTo("node-9\n");
            assertThat(r.node("node-10").get("outcome").asText()).isEqualTo("unreachable");
            assertThat(r.node("node-10").get("message").asText()).contains("via jump host 127.0.1.12");
        } finally {
            fleet.startNode(12);
        }
        VigilRun list = vigil("-i", fleet.inventoryYaml().toString(), "--ssh-config", sshConfig.toString(), "-l", "node-9",
                "inventory", "list");
        assertThat(list.stdout).contains("127.0.1.9:22 via root@127.0.1.1");
    }

    @Test
    void proxyJumpChain_isFollowedInOrder_firstConnectionToTheFirstHop() throws Exception {
        Path sshConfig = state.resolve("ssh_config");
        Files.writeString(sshConfig, "Host 127.0.1.9\n  ProxyJump root@127.0.1.1,root@127.0.1.2\n");
        VigilRun ok = vigil("-i", fleet.inventoryYaml().toString(), "--known-hosts", fleet.knownHosts().toString(),
                "--ssh-config", sshConfig.toString(), "--identity", fleet.clientKey().toString(), "--connect-timeout", "3s",
                "-l", "node-9", "exec", "--format", "json", "--", "hostname");
        assertThat(ok.node("node-9").get("outcome").asText()).as(ok.toString()).isEqualTo("ok");
        assertThat(ok.node("node-9").get("stdout").asText()).isEqualTo("node-9\n");
        // with the first hop down, the very first TCP connection is refused (ssh -J a,b connects to a first)
        fleet.stopNode(1);
        try {
            VigilRun r = vigil("-i", fleet.inventoryYaml().toString(), "--known-hosts", fleet.knownHosts().toString(),
                    "--ssh-config", sshConfig.toString(), "--identity", fleet.clientKey().toString(), "--connect-timeout", "3s",
                    "-l", "node-9", "exec", "--format", "json", "--", "hostname");
            assertThat(r.node("node-9").get("outcome").asText()).as(r.toString()).isEqualTo("unreachable");
            assertThat(r.node("node-9").get("message").asText())
                    .contains("node-9 via jump host 127.0.1.2 via jump host 127.0.1.1 (root@127.0.1.1): connection refused");
        } finally {
            fleet.startNode(1);
        }
    }

    @Test
    void proxyCommand_carriesTheSession_andItsFailureIsTold() throws Exception {
        Path sshConfig = state.resolve("ssh_config");
        Files.writeString(sshConfig, String.join("\n",
                "Host 127.0.1.9",
                "  ProxyCommand bash -c 'exec 3<>/dev/tcp/$0/$1; cat <&3 & exec cat >&3' %h %p",
                "Host 127.0.1.10",
                "  ProxyCommand sh -c 'echo no route to the bastion >&2; exit 3'",
                "Host 127.0.1.11",
                "  ProxyCommand sleep 60",
                ""));
        long start = System.nanoTime();
        VigilRun r = vigil("-i", fleet.inventoryYaml().toString(), "--known-hosts", fleet.knownHosts().toString(),
                "--ssh-config", sshConfig.toString(), "--identity", fleet.clientKey().toString(), "--connect-timeout", "3s",
                "-l", "node-9,node-10,node-11", "exec", "--format", "json", "--", "hostname");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(r.node("node-9").get("outcome").asText()).as(r.toString()).isEqualTo("ok");
        assertThat(r.node("node-9").get("stdout").asText()).isEqualTo("node-9\n");
        assertThat(r.node("node-10").get("outcome").asText()).isEqualTo("unreachable");
        assertThat(r.node("node-10").get("message").asText()).contains("ProxyCommand exited with status 3: no route to the bastion");
        assertThat(r.node("node-11").get("outcome").asText()).as("a hanging ProxyCommand ends at the connect timeout").isEqualTo("unreachable");
        assertThat(r.node("node-11").get("message").asText()).contains("no SSH answer through ProxyCommand within 3s");
        assertThat(seconds).as("the hanging ProxyCommand did not hold the run").isLessThan(30);
        VigilRun list = vigil("-i", fleet.inventoryYaml().toString(), "--ssh-config", sshConfig.toString(), "-l", "node-9",
                "inventory", "list");
        assertThat(list.stdout).contains("127.0.1.9:22 via ProxyCommand");
    }

    @Test
    void ansibleInventory_groupVarsHostVarsHostPortAndSshArgs_reachTheNodes() throws Exception {
        Path dir = Files.createDirectories(state.resolve("site"));
        Files.createDirectories(dir.resolve("group_vars/compute"));
        Files.createDirectories(dir.resolve("host_vars"));
        Files.writeString(dir.resolve("hosts"), String.join("\n",
                "[compute]",
                "node-3",
                "127.0.1.4:22",
                "node-5 ansible_host=127.0.1.5",
                "",
                "[behind]",
                "node-6 ansible_host=127.0.1.6 ansible_ssh_common_args='-o ProxyJump=root@127.0.1.1'",
                ""));
        Files.writeString(dir.resolve("group_vars/all.yml"), "ansible_user: nobody-here\n");
        Files.writeString(dir.resolve("group_vars/compute/connection.yml"), "ansible_user: root\n");
        Files.writeString(dir.resolve("group_vars/behind.yml"), "ansible_user: root\n");
        Files.writeString(dir.resolve("host_vars/node-3.yml"), "ansible_host: 127.0.1.3\n");
        VigilRun r = vigil("-i", dir.resolve("hosts").toString(), "--known-hosts", fleet.knownHosts().toString(),
                "--identity", fleet.clientKey().toString(), "--connect-timeout", "3s", "exec", "--format", "json", "--", "hostname");
        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.node("node-3").get("stdout").asText()).isEqualTo("node-3\n");
        assertThat(r.node("127.0.1.4").get("stdout").asText()).isEqualTo("node-4\n");
        assertThat(r.node("node-5").get("stdout").asText()).isEqualTo("node-5\n");
        assertThat(r.node("node-6").get("stdout").asText()).isEqualTo("node-6\n");
        VigilRun list = vigil("-i", dir.resolve("hosts").toString(), "-l", "node-6", "inventory", "list");
        assertThat(list.stdout).contains("127.0.1.6:22 via root@127.0.1.1");
    }

    @Test
    void badInput_getsOneClearLineAndExit64() throws Exception {
        String inv = fleet.inventoryYaml().toString();
        VigilRun unknown = vigil("-i", inv, "-l", "node-99", "exec", "--", "true");
        assertThat(unknown.exitCode).isEqualTo(64);
        assertThat(unknown.stderr).isEqualTo("vigil: no node or group matches 'node-99'; did you mean 'node-9'? (see: vigil inventory list)\n");

        Path broken = state.resolve("broken.ini");
        Files.writeString(broken, "[compute]\nnode-1 ansible_host=127.0.1.1\n[compute:oops]\n");
        VigilRun syntax = vigil("-i", broken.toString(), "exec", "--", "true");
        assertThat(syntax.exitCode).isEqualTo(64);
        assertThat(syntax.stderr).isEqualTo("vigil: " + broken + ":3:1: unknown section type ':oops' (expected :vars or :children)\n");

        VigilRun missingKey = vigil("-i", inv, "--identity", "/nonexistent/id_rsa", "exec", "--", "true");
        assertThat(missingKey.exitCode).isEqualTo(64);
        assertThat(missingKey.stderr).isEqualTo("vigil: identity file /nonexistent/id_rsa does not exist or is not readable (check --identity)\n");

        VigilRun badFlag = vigil("exec", "--frmat", "json", "--", "true");
        assertThat(badFlag.exitCode).isEqualTo(64);
        assertThat(badFlag.stderr.lines().count()).isEqualTo(1);
        assertThat(badFlag.stderr).contains("--frmat").contains("vigil exec --help");
    }

    @Test
    void sshAgent_isUsedWhenNoKeyFileIsGiven() throws Exception {
        Path sock = state.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", sock.toString()).redirectErrorStream(true).start();
        try {
            for (int i = 0; i < 50 && !Files.exists(sock); i++) {
                Thread.sleep(100);
            }
            ProcessBuilder add = new ProcessBuilder("ssh-add", fleet.clientKey().toString()).redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", sock.toString());
            Process adding = add.start();
            assertThat(adding.waitFor()).as(new String(adding.getInputStream().readAllBytes())).isZero();
            Path inv = state.resolve("nokey.yaml");
            Files.writeString(inv, "nodes:\n  - {name: node-1, address: 127.0.1.1, user: root}\n");
            List<String> args = new ArrayList<>(List.of("--state-dir", state.toString(), "--progress", "none", "-i", inv.toString(),
                    "--known-hosts", fleet.knownHosts().toString(), "--ssh-config", "/dev/null", "exec", "--", "hostname"));
            VigilRun with = VigilRun.run(java.util.Map.of("SSH_AUTH_SOCK", sock.toString(), "HOME", state.toString()),
                    args.toArray(new String[0]));
            assertThat(with.exitCode).as(with.toString()).isZero();
            assertThat(with.stdout).contains("node-1 | ok").contains("  node-1");
        } finally {
            agent.destroy();
        }
    }

    @Test
    void verbose_showsTheLogOnStderr_andTheLogFileKeepsIt() throws Exception {
        VigilRun r = vigil("-v", "-i", fleet.inventoryYaml().toString(), "--known-hosts", fleet.knownHosts().toString(),
                "-l", "node-2", "exec", "--", "true");
        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stderr).contains("connected to node-2");
        assertThat(Files.readString(state.resolve("vigil.log"))).contains("connected to node-2");
    }
}
