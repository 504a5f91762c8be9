package dev.vigil.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backups of fleet nodes to real vsftpd servers: the primary with explicit TLS (TLS 1.3) and the
 * relay with implicit TLS capped at TLS 1.2, both forcing TLS on data with require_ssl_reuse=YES;
 * and a real PostgreSQL whose pg_dump is backed up, the database dropped and restored from it.
 */
class BackupE2ETest {
    static final Map<String, String> ENV = Map.of("VIGIL_TARGET_PASSWORD", "vigil-ftp");

    @TempDir
    static Path state;
    static Fleet fleet;
    static Path config;
    static Path ca = Path.of("/tmp/vigil-ftpd/ca.pem");

    @BeforeAll
    static void setUp() throws Exception {
        fleet = Fleet.get();
        sh("bash", System.getProperty("vigil.ftpd.script", "ftpd.sh"), "clean");
        sh("bash", System.getProperty("vigil.ftpd.script", "ftpd.sh"), "start");
        startPostgres();
        config = state.resolve("vigil.yaml");
        Files.writeString(config, String.join("\n",
                "backup:",
                "  target: primary",
                "  relay_to: relay",
                "  keep: 10",
                "  sets:",
                "    - name: database",
                "      nodes: [node-1]",
                "      include: [/etc/vigil-app]",
                "      dumps:",
                "        - name: platform-db",
                "          command: " + pgBin("pg_dump") + " -Fc -h 127.0.0.1 -p 5439 -U postgres vigil",
                "          timeout: 2m",
                "    - name: management",
                "      nodes: [node-2, node-3, node-4]",
                "      include: [/etc/vigil-app, /srv/vigil-data]",
                "      exclude: ['*.tmp']",
                "  targets:",
                "    primary:",
                "      url: ftpes://vigilbk@127.0.3.1:2121/backups",
                "      ca_file: " + ca,
                "      retries: 1",
                "      backoff: 200ms",
                "    relay:",
                "      url: ftps://vigilbk@127.0.3.2:2990/relay",
                "      ca_file: " + ca,
                "    untrusted:",
                "      url: ftpes://vigilbk@127.0.3.1:2121/backups",
                "    small:",
                "      url: ftpes://vigilbk@127.0.3.3:2121/b",
                "      ca_file: " + ca,
                "    down:",
                "      url: ftpes://vigilbk@127.0.3.9:2121/backups",
                "      ca_file: " + ca,
                "      retries: 2",
                "      backoff: 100ms",
                ""));
        for (int i = 2; i <= 4; i++) {
            Path data = fleet.nodeDir(i).resolve("data/backup-e2e");
            Files.createDirectories(data.resolve("sub/empty"));
            for (int f = 0; f < 40; f++) {
                Files.writeString(data.resolve("sub/file-" + f + ".dat"), ("node " + i + " file " + f + "\n").repeat(200));
            }
            Files.writeString(data.resolve("scratch.tmp"), "not backed up");
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        sh("bash", System.getProperty("vigil.ftpd.script", "ftpd.sh"), "stop");
    }

    static String pgBin(String tool) {
        return Postgres.bin(tool);
    }

    static void startPostgres() throws Exception {
        Postgres.start();
        psql("postgres", "CREATE DATABASE vigil");
        psql("vigil", "CREATE TABLE vms (id int primary key, name text); INSERT INTO vms SELECT g, 'vm-' || g FROM generate_series(1, 500) g;");
    }

    static String psql(String db, String sql) throws Exception {
        return Postgres.psql(db, sql);
    }

    static String sh(String... cmd) throws Exception {
        return Postgres.sh(cmd);
    }

    private VigilRun vigil(String... args) {
        List<String> all = new ArrayList<>(List.of("--state-dir", state.resolve("st").toString(), "--progress", "none", "-c", config.toString(),
                "-i", fleet.inventoryYaml().toString(), "--known-hosts", fleet.knownHosts().toString(), "--connect-timeout", "3s"));
        all.addAll(List.of(args));
        return VigilRun.run(ENV, all.toArray(new String[0]));
    }

    private static String vsftpdLog() throws IOException {
        return Files.readString(Path.of("/tmp/vigil-ftpd/primary/vsftpd.log")) + Files.readString(Path.of("/tmp/vigil-ftpd/relay/vsftpd.log"));
    }

    @Test
    void fullIncrementalVerifyRestoreAndRelay_overRealVsftpd() throws Exception {
        VigilRun full = vigil("backup", "run", "--type", "full", "-l", "node-2,node-3,node-4", "--format", "json");
        assertThat(full.exitCode).as(full.toString()).isZero();
        assertThat(full.json().get("nodes")).hasSize(3).allMatch(n -> n.get("status").asText().equals("ok"));

        Path data = fleet.nodeDir(2).resolve("data/backup-e2e");
        Thread.sleep(1100);
        Files.writeString(data.resolve("sub/file-1.dat"), "changed\n");
        Files.delete(data.resolve("sub/file-2.dat"));
        Files.writeString(data.resolve("added.txt"), "added\n");
        VigilRun inc = vigil("backup", "run", "--type", "incremental", "-l", "node-2,node-3,node-4", "--format", "json");
        assertThat(inc.exitCode).as(inc.toString()).isZero();

        VigilRun list = vigil("backup", "list", "-l", "node-2", "--format", "json");
        assertThat(list.json().get("generations")).hasSize(2);
        VigilRun verify = vigil("backup", "verify");
        assertThat(verify.exitCode).as(verify.toString()).isZero();
        assertThat(verify.stdout).contains(" 0 with problems");

        Path out = state.resolve("restore-2");
        VigilRun restore = vigil("backup", "restore", "--node", "node-2", "--to", out.toString());
        assertThat(restore.exitCode).as(restore.toString()).isZero();
        Path back = out.resolve("srv/vigil-data/backup-e2e");
        assertThat(Files.readString(back.resolve("sub/file-1.dat"))).isEqualTo("changed\n");
        assertThat(back.resolve("sub/file-2.dat")).doesNotExist();
        assertThat(Files.readString(back.resolve("sub/file-3.dat"))).isEqualTo(Files.readString(data.resolve("sub/file-3.dat")));
        assertThat(back.resolve("sub/empty")).isDirectory();
        assertThat(back.resolve("scratch.tmp")).doesNotExist();

        // relay_to is configured: every run on the default target relayed its new generations once all nodes were done
        assertThat(full.json().get("relay").get("copied")).filteredOn(g -> g.get("node").asText().equals("node-2")).hasSize(1);
        assertThat(inc.json().get("relay").get("copied")).filteredOn(g -> g.get("node").asText().equals("node-2")).hasSize(1);
        VigilRun relay = vigil("backup", "relay", "--format", "json");
        assertThat(relay.exitCode).as(relay.toString()).isZero();
        assertThat(relay.json().get("copied")).filteredOn(g -> g.get("node").asText().equals("node-2")).isEmpty();
        VigilRun relayList = vigil("backup", "list", "--target", "relay", "-l", "node-2", "--format", "json");
        assertThat(relayList.json().get("generations")).hasSize(2);
        VigilRun relayVerify = vigil("backup", "verify", "--target", "relay");
        assertThat(relayVerify.exitCode).as(relayVerify.toString()).isZero();
        // every data connection resumed the control session: vsftpd refused none
        assertThat(vsftpdLog()).doesNotContain("session reuse required");
    }

    @Test
    void inPlaceRestoreWritesBackAfterASafetyCopy_andANodeThatIsDownIsRefusedFirst() throws Exception {
        VigilRun full = vigil("backup", "run", "--type", "full", "-l", "node-3,node-4");
        assertThat(full.exitCode).as(full.toString()).isZero();
        Path data = fleet.nodeDir(3).resolve("data/backup-e2e");
        String before = Files.readString(data.resolve("sub/file-5.dat"));
        Files.writeString(data.resolve("sub/file-5.dat"), "damaged");
        Files.delete(data.resolve("sub/file-6.dat"));

        VigilRun dry = vigil("backup", "restore", "--node", "node-3", "--in-place", "--dry-run");
        assertThat(dry.exitCode).as(dry.toString()).isZero();
        assertThat(dry.stdout).contains("+ /srv/vigil-data/backup-e2e/sub/file-6.dat").contains("~ /srv/vigil-data/backup-e2e/sub/file-5.dat");
        assertThat(Files.readString(data.resolve("sub/file-5.dat"))).isEqualTo("damaged");

        VigilRun restore = vigil("backup", "restore", "--node", "node-3", "--in-place");
        assertThat(restore.exitCode).as(restore.toString()).isZero();
        assertThat(Files.readString(data.resolve("sub/file-5.dat"))).isEqualTo(before);
        assertThat(data.resolve("sub/file-6.dat")).exists();
        assertThat(restore.stdout).contains("safety copy");

        fleet.stopNode(4);
        try {
            VigilRun unreachable = vigil("backup", "run", "--type", "full", "-l", "node-3,node-4", "--no-relay", "--format", "json");
            assertThat(unreachable.exitCode).as(unreachable.toString()).isEqualTo(3);
            assertThat(unreachable.json().get("nodes").get(0).get("status").asText()).isEqualTo("ok");
            assertThat(unreachable.json().get("nodes").get(1).get("status").asText()).isEqualTo("unreachable");
            VigilRun down = vigil("backup", "restore", "--node", "node-4", "--in-place");
            assertThat(down.exitCode).isEqualTo(2);
            assertThat(down.stderr).contains("cannot reach node-4").contains("nothing was touched");
        } finally {
            fleet.startNode(4);
        }
    }

    @Test
    void postgresDumpIsBackedUpAndTheDroppedDatabaseRestoredFromIt() throws Exception {
        VigilRun run = vigil("backup", "run", "--type", "pre-risk", "--reason", "e2e: drop the database", "-l", "node-1");
        assertThat(run.exitCode).as(run.toString()).isZero();
        String rows = psql("vigil", "SELECT count(*), sum(id), max(name) FROM vms");
        psql("postgres", "DROP DATABASE vigil");

        Path out = state.resolve("restore-db");
        VigilRun restore = vigil("backup", "restore", "--node", "node-1", "--to", out.toString());
        assertThat(restore.exitCode).as(restore.toString()).isZero();
        Path dump = out.resolve(".vigil-dumps/dump-platform-db");
        sh(pgBin("pg_restore"), "-h", "127.0.0.1", "-p", "5439", "-U", "postgres", "-C", "-d", "postgres", dump.toString());
        assertThat(psql("vigil", "SELECT count(*), sum(id), max(name) FROM vms")).isEqualTo(rows).startsWith("500|");
    }

    @Test
    void manyGenerationsStraightToTheTls12ImplicitServer_retentionKeepsTen() throws Exception {
        Path dir = Files.createDirectories(fleet.nodeDir(7).resolve("data/many"));
        for (int f = 0; f < 30; f++) {
            Files.writeString(dir.resolve("f" + f + ".conf"), "value=" + f + "\n");
        }
        for (int i = 0; i < 12; i++) {
            Files.writeString(dir.resolve("f0.conf"), "value=" + i + "\n");
            VigilRun run = vigil("backup", "run", "--type", "pre-risk", "--reason", "round " + i, "-l", "node-7", "--paths",
                    "/srv/vigil-data/many", "--target", "relay");
            assertThat(run.exitCode).as(run.toString()).isZero();
        }
        VigilRun list = vigil("backup", "list", "--target", "relay", "-l", "node-7", "--format", "json");
        assertThat(list.json().get("generations")).hasSize(10);
        assertThat(list.json().get("generations").get(0).get("reason").asText()).isEqualTo("round 11");
        assertThat(vigil("backup", "verify", "--target", "relay", "-l", "node-7").exitCode).isZero();
        Path out = state.resolve("restore-7");
        assertThat(vigil("backup", "restore", "--node", "node-7", "--target", "relay", "--to", out.toString()).exitCode).isZero();
        assertThat(Files.readString(out.resolve("srv/vigil-data/many/f0.conf"))).isEqualTo("value=11\n");
        assertThat(vsftpdLog()).doesNotContain("session reuse required");
    }

    @Test
    void aFullTargetDiskFailsTheRunClearly_keepsTheOlderGeneration_andLeavesNoPartial() throws Exception {
        Path dir = Files.createDirectories(fleet.nodeDir(5).resolve("data/diskfull"));
        Files.deleteIfExists(dir.resolve("big.bin"));
        Files.writeString(dir.resolve("small.txt"), "small\n");
        VigilRun first = vigil("backup", "run", "--type", "full", "-l", "node-5", "--paths", "/srv/vigil-data/diskfull", "--target", "small");
        assertThat(first.exitCode).as(first.toString()).isZero();
        byte[] noise = new byte[3 << 20];
        new java.util.Random(5).nextBytes(noise);
        Files.write(dir.resolve("big.bin"), noise);
        VigilRun full = vigil("backup", "run", "--type", "full", "-l", "node-5", "--paths", "/srv/vigil-data/diskfull", "--target", "small",
                "--format", "json");
        assertThat(full.exitCode).as(full.toString()).isEqualTo(2);
        assertThat(full.json().get("nodes").get(0).get("status").asText()).isEqualTo("failed");
        assertThat(full.json().get("nodes").get(0).get("message").asText()).contains("STOR");
        VigilRun list = vigil("backup", "list", "--target", "small", "--format", "json");
        assertThat(list.json().get("generations")).hasSize(1);
        try (Stream<Path> s = Files.list(Path.of("/tmp/vigil-ftpd/small/root/b/nodes/node-5"))) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("_"));
        }
        assertThat(vigil("backup", "verify", "--target", "small").exitCode).isZero();
    }

    @Test
    void aControllerKilledMidUploadLeavesNoGeneration_andTheNextRunCleansUpAndSucceeds() throws Exception {
        Path dir = Files.createDirectories(fleet.nodeDir(6).resolve("data/kill"));
        byte[] noise = new byte[1 << 20];
        java.util.Random r = new java.util.Random(6);
        try (var out = Files.newOutputStream(dir.resolve("big.bin"))) {
            for (int i = 0; i < 80; i++) {
                r.nextBytes(noise);
                out.write(noise);
            }
        }
        int before = vigil("backup", "list", "-l", "node-6", "--format", "json").json().get("generations").size();
        List<String> cmd = new ArrayList<>(List.of(VigilRun.launcher().toString(), "--state-dir", state.resolve("st").toString(), "--progress",
                "none", "-c", config.toString(), "-i", fleet.inventoryYaml().toString(), "--known-hosts", fleet.knownHosts().toString(),
                "backup", "run", "--type", "full", "-l", "node-6", "--paths", "/srv/vigil-data/kill"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(ENV);
        Process p = pb.start();
        Path nodeDir = Path.of("/tmp/vigil-ftpd/primary/root/backups/nodes/node-6");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        boolean partial = false;
        while (!partial && System.nanoTime() < deadline && p.isAlive()) {
            if (Files.isDirectory(nodeDir)) {
                try (Stream<Path> s = Files.list(nodeDir)) {
                    partial = s.anyMatch(x -> x.getFileName().toString().startsWith("_partial-"));
                }
            }
            Thread.sleep(20);
        }
        assertThat(partial).as("the run was caught mid-upload").isTrue();
        p.destroyForcibly().waitFor();
        assertThat(vigil("backup", "list", "-l", "node-6", "--format", "json").json().get("generations")).hasSize(before);

        VigilRun next = vigil("backup", "run", "--type", "full", "-l", "node-6", "--paths", "/srv/vigil-data/kill", "--format", "json");
        assertThat(next.exitCode).as(next.toString()).isZero();
        assertThat(next.json().get("notes").toString()).contains("took over the lock").contains("_partial-");
        assertThat(vigil("backup", "list", "-l", "node-6", "--format", "json").json().get("generations")).hasSize(before + 1);
        try (Stream<Path> s = Files.list(nodeDir)) {
            assertThat(s.map(x -> x.getFileName().toString())).noneMatch(n -> n.startsWith("_"));
        }
    }

    @Test
    void aWrongCertificateOrAServerThatIsDownFailsClearly_andLeavesOlderGenerationsAlone() throws Exception {
        VigilRun untrusted = vigil("backup", "run", "--type", "full", "-l", "node-2", "--target", "untrusted");
        assertThat(untrusted.exitCode).isEqualTo(2);
        assertThat(untrusted.stderr).contains("certificate is not trusted").contains("--ca-file");

        long start = System.nanoTime();
        VigilRun down = vigil("backup", "run", "--type", "full", "-l", "node-2", "--target", "down");
        assertThat(down.exitCode).isEqualTo(2);
        assertThat(down.stderr).contains("after 3 attempts");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));

        VigilRun badUrl = vigil("backup", "list", "--target", "ftp://vigilbk@127.0.3.1/x");
        assertThat(badUrl.exitCode).isEqualTo(64);
        assertThat(badUrl.stderr).contains("plain ftp:// sends the password and the backups unencrypted and is refused");
    }
}
