package dev.vigil.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11 against the real peers: restores over real sshd that meet symlinks, corrupt archives and
 * names that are not UTF-8; Ctrl-C on a real backup run; ipmi_sim without the cipher suite asked for;
 * power off on the whole fleet without -l; a rejected host key; datagrams with escape sequences to
 * the real receiver.
 */
class TrustE2ETest {
    @TempDir
    static Path state;
    static Fleet fleet;
    static Path config;
    static Path target;

    @BeforeAll
    static void setUp() throws Exception {
        fleet = Fleet.get();
        target = state.resolve("backups");
        config = state.resolve("vigil.yaml");
        Files.writeString(config, String.join("\n",
                "backup:",
                "  sets:",
                "    - name: slow",
                "      nodes: [node-11]",
                "      include: [/srv/vigil-data/slow]",
                "      dumps: [{name: waits, command: 'sleep 60', timeout: 2m}]",
                "power: {ipmi_cipher_suite: 3, bmc_timeout: 5s, ipmi_retries: 1}",
                ""));
    }

    private static VigilRun vigil(String... args) {
        return vigil(Map.of(), args);
    }

    private static VigilRun vigil(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("--state-dir", state.resolve("st").toString(), "--progress", "none", "-c", config.toString(),
                "-i", fleet.inventoryYaml().toString(), "--known-hosts", fleet.knownHosts().toString()));
        all.addAll(List.of(args));
        return VigilRun.run(env, all.toArray(new String[0]));
    }

    private static void sh(String script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    @Test
    void restoreInPlace_overSsh_replacesASymlink_neverWritesThroughIt() throws Exception {
        Path data = Files.createDirectories(fleet.nodeDir(8).resolve("data/trust/sub"));
        Files.writeString(data.resolve("app.conf"), "port=1\n");
        Path outside = Files.createDirectories(fleet.nodeDir(8).resolve("data/outside"));
        String file = "file://" + target;
        VigilRun full = vigil("backup", "run", "--type", "full", "-l", "node-8", "--paths", "/srv/vigil-data/trust", "--target", file);
        assertThat(full.exitCode).as(full.toString()).isZero();
        // an operator (or an attacker) turned the directory into a link to elsewhere on the node
        Files.delete(data.resolve("app.conf"));
        Files.delete(data);
        Files.createSymbolicLink(data, Path.of("/srv/vigil-data/outside"));
        VigilRun restore = vigil("backup", "restore", "--node", "node-8", "--in-place", "--paths", "**/app.conf", "--target", file);
        assertThat(restore.exitCode).as(restore.toString()).isZero();
        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s.toList()).as("nothing written through the link").isEmpty();
        }
        assertThat(Files.isSymbolicLink(data)).isFalse();
        assertThat(Files.readString(data.resolve("app.conf"))).isEqualTo("port=1\n");
    }

    @Test
    void restoreInPlace_fromACorruptArchive_leavesTheNodesFilesAlone() throws Exception {
        Path data = Files.createDirectories(fleet.nodeDir(9).resolve("data/corrupt"));
        Files.writeString(data.resolve("app.conf"), "x".repeat(20_000));
        String file = "file://" + target;
        VigilRun full = vigil("backup", "run", "--type", "full", "-l", "node-9", "--paths", "/srv/vigil-data/corrupt", "--target", file, "--format",
                "json");
        assertThat(full.exitCode).as(full.toString()).isZero();
        String gen = full.json().get("nodes").get(0).get("generation").get("id").asText();
        try (RandomAccessFile f = new RandomAccessFile(target.resolve("nodes/node-9/" + gen + "/files.tar.gz").toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0xff);
        }
        Files.writeString(data.resolve("app.conf"), "live and good\n");
        VigilRun restore = vigil("backup", "restore", "--node", "node-9", "--in-place", "--target", file);
        assertThat(restore.exitCode).as(restore.toString()).isEqualTo(2);
        assertThat(restore.stderr).contains("corrupt").contains("nothing was written");
        assertThat(Files.readString(data.resolve("app.conf"))).isEqualTo("live and good\n");
        VigilRun verify = vigil("backup", "verify", "--target", file, "-l", "node-9");
        assertThat(verify.exitCode).isEqualTo(2);
    }

    @Test
    void aNameThatIsNotUtf8_isBackedUpAndRestoredOverSsh_byteForByte() throws Exception {
        Path data = Files.createDirectories(fleet.nodeDir(10).resolve("data/names"));
        sh("cd \"$1\" && printf 'latin1' > \"$(printf 'caf\\351')\" && printf 'nl' > \"$(printf 'two\\nlines')\"", data.toString());
        String file = "file://" + target;
        VigilRun full = vigil("backup", "run", "--type", "full", "-l", "node-10", "--paths", "/srv/vigil-data/names", "--target", file);
        assertThat(full.exitCode).as(full.toString()).isZero();
        VigilRun inc = vigil("backup", "run", "--type", "incremental", "-l", "node-10", "--paths", "/srv/vigil-data/names", "--target", file);
        assertThat(inc.exitCode).as("nothing reported vanished: " + inc).isZero();
        sh("cd \"$1\" && rm -f ./caf* ./two*", data.toString());
        VigilRun restore = vigil("backup", "restore", "--node", "node-10", "--in-place", "--target", file);
        assertThat(restore.exitCode).as(restore.toString()).isZero();
        sh("cd \"$1\" && [ \"$(cat \"$(printf 'caf\\351')\")\" = latin1 ] && [ \"$(cat \"$(printf 'two\\nlines')\")\" = nl ]", data.toString());
    }

    @Test
    void ctrlC_duringABackupRun_givesTheLockBack() throws Exception {
        Files.createDirectories(fleet.nodeDir(11).resolve("data/slow"));
        Files.writeString(fleet.nodeDir(11).resolve("data/slow/a.conf"), "a\n");
        Path bk = state.resolve("ctrl-c");
        List<String> cmd = new ArrayList<>(List.of(VigilRun.launcher().toString(), "--state-dir", state.resolve("st").toString(), "--progress",
                "none", "-c", config.toString(), "-i", fleet.inventoryYaml().toString(), "--known-hosts", fleet.knownHosts().toString(),
                "backup", "run", "--type", "full", "-l", "node-11", "--target", "file://" + bk));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Path owner = bk.resolve("lock/owner.json");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(owner) && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(50);
        }
        assertThat(owner).as("the run holds the lock").exists();
        Thread.sleep(500);
        new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(bk.resolve("lock")).as("Ctrl-C released the lock").doesNotExist();
        VigilRun next = vigil("backup", "list", "--target", "file://" + bk);
        assertThat(next.exitCode).as(next.toString()).isZero();
    }

    @Test
    void ipmiSimWithoutCipherSuite17_isNamedAsSuch_notAsAWrongPassword() throws Exception {
        fleet.bmcs();
        Path strict = state.resolve("cipher17.yaml");
        Files.writeString(strict, "power: {ipmi_cipher_suite: 17, bmc_timeout: 5s, ipmi_retries: 1}\n");
        VigilRun r = VigilRun.run(Map.of("VIGIL_BMC_PASSWORD", "vigil-bmc"), "--state-dir", state.resolve("st").toString(), "--progress", "none",
                "-c", strict.toString(), "-i", fleet.inventoryYaml().toString(), "-l", "node-1", "power", "status", "--format", "json");
        assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
        assertThat(r.node("node-1").get("outcome").asText()).isEqualTo("failed");
        assertThat(r.node("node-1").get("message").asText()).contains("cipher suite 17").contains("power.ipmi_cipher_suite")
                .doesNotContain("password");
    }

    @Test
    void powerOffOnTheWholeFleetWithoutLimit_needsYes_andNothingIsPoweredOff() throws Exception {
        fleet.bmcs();
        VigilRun off = vigil(Map.of("VIGIL_BMC_PASSWORD", "vigil-bmc"), "power", "off");
        assertThat(off.exitCode).as(off.toString()).isEqualTo(64);
        assertThat(off.stderr).contains("needs --yes");
        VigilRun status = vigil(Map.of("VIGIL_BMC_PASSWORD", "vigil-bmc"), "power", "status", "--format", "json");
        assertThat(status.json()).allSatisfy(n -> assertThat(n.get("power").asText()).isEqualTo("on"));
    }

    @Test
    void aRejectedHostKey_isCritical_notUnknown() throws Exception {
        List<String> lines = Files.readAllLines(fleet.knownHosts());
        String key12 = lines.stream().filter(l -> l.startsWith("127.0.1.12 ")).findFirst().orElseThrow();
        List<String> forged = new ArrayList<>();
        for (String l : lines) {
            forged.add(l.startsWith("127.0.1.13 ") ? "127.0.1.13 " + key12.substring(key12.indexOf(' ') + 1) : l);
        }
        Path kh = state.resolve("forged_known_hosts");
        Files.write(kh, forged);
        VigilRun r = VigilRun.run(Map.of(), "--state-dir", state.resolve("st2").toString(), "--progress", "none", "-c", config.toString(),
                "-i", fleet.inventoryYaml().toString(), "--known-hosts", kh.toString(), "-l", "node-13", "healthcheck", "run", "--checks", "memory",
                "--format", "json");
        assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
        assertThat(r.stdout).contains("host-key-rejected").contains("\"status\" : \"CRIT\"");
    }

    @Test
    void aDatagramsEscapeSequences_neverReachTheOperatorRaw() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            port = probe.getLocalPort();
        }
        List<String> cmd = List.of(VigilRun.launcher().toString(), "--state-dir", state.resolve("st3").toString(), "--progress", "none", "-c",
                config.toString(), "-i", fleet.inventoryYaml().toString(), "kbox", "listen", "--bind", "127.0.0.1", "--port", String.valueOf(port));
        Path out = state.resolve("listen.out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!Files.readString(out).contains("listening on") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            try (DatagramSocket node = new DatagramSocket(new InetSocketAddress("127.0.1.14", 0))) {
                byte[] b = "0,1,1000,-;Kernel panic - not syncing: \u001b]0;pwned\u0007\u001b[2J fatal".getBytes(StandardCharsets.UTF_8);
                node.send(new DatagramPacket(b, b.length, new InetSocketAddress("127.0.0.1", port)));
            }
            deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!Files.readString(out).contains("ALARM") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        } finally {
            new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid())).start().waitFor();
            p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
        }
        String said = Files.readString(out);
        assertThat(said).contains("ALARM node-14: Kernel panic - not syncing: \\x1b]0;pwned\\x07\\x1b[2J fatal").doesNotContain("\u001b");
        try (Stream<Path> logs = Files.list(state.resolve("st3/kbox/netconsole"))) {
            for (Path log : logs.toList()) {
                assertThat(Files.readString(log)).doesNotContain("\u001b");
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
            }
        }
    }
}
