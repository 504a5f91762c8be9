package dev.vigil.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backups to a real Samba file share (e2e/smbd.sh: smbd on 127.0.3.20 with its own config and state,
 * signing mandatory, encryption required) through smb://: full and incremental, verify, restore,
 * retention of the newest 10, and a share that disappears in the middle of a run, which fails that
 * run clearly and leaves the older generations whole.
 */
class SmbE2ETest {
    @TempDir
    static Path state;
    private static Fleet fleet;
    private static Path config;
    private static final int NODE = 9;
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    private static final Map<String, String> ENV = Map.of("VIGIL_SMB_PASSWORD", "vigil-smb");

    @BeforeAll
    static void samba() throws Exception {
        fleet = Fleet.get();
        Postgres.sh("bash", System.getProperty("vigil.smbd.script", "smbd.sh"), "start");
        config = state.resolve("vigil.yaml");
        Files.writeString(config, String.join("\n",
                "backup:",
                "  target: share",
                "  targets:",
                "    share:",
                "      url: smb://VIGILTEST;vigilsmb@127.0.3.20/backup$/e2e-" + RUN,
                "      password_env: VIGIL_SMB_PASSWORD",
                "      retries: 0",
                "      timeout: 10s",
                ""));
    }

    @AfterAll
    static void stop() throws Exception {
        Postgres.sh("bash", System.getProperty("vigil.smbd.script", "smbd.sh"), "stop");
    }

    private static VigilRun vigil(String... args) {
        List<String> all = new ArrayList<>(List.of("--state-dir", state.resolve("st").toString(), "--progress", "none", "-c", config.toString(),
                "-i", fleet.inventoryYaml().toString(), "--known-hosts", fleet.knownHosts().toString(), "--connect-timeout", "3s"));
        all.addAll(List.of(args));
        return VigilRun.run(ENV, all.toArray(new String[0]));
    }

    private static int generations() {
        VigilRun list = vigil("backup", "list", "-l", "node-" + NODE, "--format", "json");
        assertThat(list.exitCode).as(list.toString()).isZero();
        return list.json().get("generations").size();
    }

    @Test
    void fullIncrementalRestoreRetentionOfTen_andAShareThatDisappearsMidRun() throws Exception {
        Path data = fleet.nodeDir(NODE).resolve("data/smb");
        Files.createDirectories(data);
        Files.writeString(data.resolve("ita.conf"), "first\n");
        Files.writeString(data.resolve("static.conf"), "unchanged\n".repeat(1000));
        String[] sel = {"-l", "node-" + NODE, "--paths", "/srv/vigil-data/smb", "--no-relay"};

        VigilRun full = vigil(VigilRun.concat(new String[] {"backup", "run", "--type", "full", "--format", "json"}, sel));
        assertThat(full.exitCode).as(full.toString()).isZero();
        String firstFull = full.json().get("nodes").get(0).get("generation").asText();
        Files.writeString(data.resolve("ita.conf"), "second\n");
        VigilRun inc = vigil(VigilRun.concat(new String[] {"backup", "run", "--type", "incremental"}, sel));
        assertThat(inc.exitCode).as(inc.toString()).isZero();
        assertThat(generations()).isEqualTo(2);
        VigilRun verify = vigil("backup", "verify");
        assertThat(verify.exitCode).as(verify.toString()).isZero();
        Path out = state.resolve("restore");
        VigilRun restore = vigil("backup", "restore", "--node", "node-" + NODE, "--to", out.toString());
        assertThat(restore.exitCode).as(restore.toString()).isZero();
        assertThat(Files.readString(out.resolve("srv/vigil-data/smb/ita.conf"))).isEqualTo("second\n");
        assertThat(Files.readString(out.resolve("srv/vigil-data/smb/static.conf"))).isEqualTo("unchanged\n".repeat(1000));

        // retention: ten more fulls; the newest 10 stay, and the first chain (full + incremental) goes whole
        for (int i = 0; i < 10; i++) {
            VigilRun r = vigil(VigilRun.concat(new String[] {"backup", "run", "--type", "full"}, sel));
            assertThat(r.exitCode).as(r.toString()).isZero();
        }
        VigilRun list = vigil("backup", "list", "-l", "node-" + NODE, "--format", "json");
        JsonNode gens = list.json().get("generations");
        assertThat(gens).hasSize(10);
        assertThat(gens.findValuesAsText("id")).doesNotContain(firstFull).allMatch(id -> id.contains("-full-"));

        // the share disappears while a run uploads: that run fails clearly, the older generations stay whole
        try (OutputStream o = Files.newOutputStream(data.resolve("big.bin"))) {
            byte[] chunk = new byte[1 << 20];
            Random rnd = new Random(7);
            for (int i = 0; i < 400; i++) {
                rnd.nextBytes(chunk);
                o.write(chunk);
            }
        }
        CompletableFuture<VigilRun> running = CompletableFuture.supplyAsync(() -> vigil(VigilRun.concat(new String[] {"backup", "run", "--type", "full"}, sel)));
        Path nodeDir = Path.of("/tmp/vigil-smbd/share/e2e-" + RUN + "/nodes/node-" + NODE);
        long until = System.currentTimeMillis() + 60_000;
        while (!running.isDone() && System.currentTimeMillis() < until && !uploading(nodeDir)) {
            Thread.sleep(20);
        }
        assertThat(running.isDone()).as("the run was still uploading when the share went away").isFalse();
        Postgres.sh("bash", System.getProperty("vigil.smbd.script", "smbd.sh"), "stop-secure");
        VigilRun broken = running.get();
        Postgres.sh("bash", System.getProperty("vigil.smbd.script", "smbd.sh"), "start");
        assertThat(broken.exitCode).as(broken.toString()).isEqualTo(2);
        assertThat(broken.stderr).contains("the connection to the share broke").contains("node-" + NODE + " failed:")
                .contains("vigil backup unlock");
        Files.delete(data.resolve("big.bin"));
        assertThat(generations()).as("nothing kept of the broken run, nothing lost of the others").isEqualTo(10);
        VigilRun after = vigil("backup", "verify");
        assertThat(after.exitCode).as(after.toString()).isZero();
    }

    @Test
    void aServerWhoseBackupsAreOnAShare_joinsTheCatalog_asAPullSource() throws Exception {
        Path src = Path.of("/tmp/vigil-smbd/share/ita-" + RUN);
        Files.createDirectories(src.resolve("config"));
        Files.writeString(src.resolve("config/ita.xml"), "<ita version=\"1\"/>\n");
        Files.writeString(src.resolve("db.bak"), "backup of the ITA database\n".repeat(2000));
        Path inv = state.resolve("windows.ini");
        Files.writeString(inv, String.join("\n",
                "[windows]",
                "ita-1 vigil_backup_source=smb://VIGILTEST;vigilsmb@127.0.3.20/backup$/ita-" + RUN
                        + " vigil_backup_source_password_env=VIGIL_SMB_PASSWORD",
                ""));
        Path cfg = state.resolve("pull.yaml");
        Files.writeString(cfg, String.join("\n",
                "backup:",
                "  target: catalog",
                "  relay_to: relay",
                "  sets:",
                "    - name: ita",
                "      nodes: [ita-1]",
                "      include: [/]",
                "  targets:",
                "    catalog:",
                "      url: file://" + state.resolve("pull-catalog"),
                "    relay:",
                "      url: file://" + state.resolve("pull-relay"),
                ""));
        java.util.function.Function<String[], VigilRun> run = args -> {
            List<String> all = new ArrayList<>(List.of("--state-dir", state.resolve("st-pull").toString(), "--progress", "none",
                    "-c", cfg.toString(), "-i", inv.toString()));
            all.addAll(List.of(args));
            return VigilRun.run(ENV, all.toArray(new String[0]));
        };
        VigilRun full = run.apply(new String[] {"backup", "run", "--type", "full", "--format", "json"});
        assertThat(full.exitCode).as(full.toString()).isZero();
        assertThat(full.json().get("nodes").get(0).get("status").asText()).isEqualTo("ok");
        Files.writeString(src.resolve("config/ita.xml"), "<ita version=\"2\"/>\n");
        VigilRun inc = run.apply(new String[] {"backup", "run", "--type", "incremental", "--format", "json"});
        assertThat(inc.exitCode).as(inc.toString()).isZero();
        VigilRun list = run.apply(new String[] {"backup", "list", "-l", "ita-1", "--format", "json"});
        assertThat(list.json().get("generations")).hasSize(2);
        assertThat(run.apply(new String[] {"backup", "verify"}).exitCode).isZero();
        Path out = state.resolve("pull-restore");
        VigilRun restore = run.apply(new String[] {"backup", "restore", "--node", "ita-1", "--to", out.toString()});
        assertThat(restore.exitCode).as(restore.toString()).isZero();
        assertThat(Files.readString(out.resolve("config/ita.xml"))).isEqualTo("<ita version=\"2\"/>\n");
        assertThat(Files.readString(out.resolve("db.bak"))).isEqualTo("backup of the ITA database\n".repeat(2000));
        VigilRun relayList = run.apply(new String[] {"backup", "list", "--target", "relay", "-l", "ita-1", "--format", "json"});
        assertThat(relayList.json().get("generations")).as("relayed like any node's").hasSize(2);
        VigilRun inPlace = run.apply(new String[] {"backup", "restore", "--node", "ita-1", "--in-place"});
        assertThat(inPlace.exitCode).isEqualTo(64);
        assertThat(inPlace.stderr).contains("ita-1 is backed up from a share");
    }

    private static boolean uploading(Path nodeDir) throws Exception {
        if (!Files.isDirectory(nodeDir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(nodeDir)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith("_partial-"));
        }
    }
}
