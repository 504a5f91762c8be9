package dev.vigil.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FTPS interoperability matrix, against real servers started by ftpd.sh: vsftpd
 * (require_ssl_reuse=YES), ProFTPD 1.3.8 mod_tls (TLSRequired on, session reuse required) and Pure-FTPd
 * (-Y 3), each explicit and implicit (Pure-FTPd explicit only: Debian builds it without implicit TLS),
 * under TLS 1.2 and TLS 1.3 (pinned per target with tls_min_version and tls_max_version): a full and an
 * incremental backup, list, verify, restore, relay to another directory of the same server, and retention.
 * Every data connection must resume the control connection's TLS session; ProFTPD refuses one that does
 * not, which under TLS 1.3 is what it did before Vigil offered the control connection's ticket again.
 */
class FtpsInteropE2ETest {
    @TempDir
    static Path state;
    private static Fleet fleet;
    private static final int NODE = 8;
    /** The servers' directories outlive a run: each run writes under its own names. */
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    record Cell(String server, String url, String tls) {
        @Override
        public String toString() {
            return server + " " + (url.startsWith("ftps:") ? "implicit" : "explicit") + " TLS " + tls;
        }
    }

    static Stream<Cell> matrix() {
        List<Cell> cells = new ArrayList<>();
        for (String tls : List.of("1.2", "1.3")) {
            String v = tls.replace(".", "");
            String d = "interop-" + RUN + "-" + v;
            cells.add(new Cell("vsftpd", "ftpes://vigilbk@127.0.3.1:2121/" + d + "e", tls));
            cells.add(new Cell("vsftpd", "ftps://vigilbk@127.0.3.5:2990/" + d + "i", tls));
            cells.add(new Cell("proftpd", "ftpes://vigilbk@127.0.3.4:2121/" + d + "e", tls));
            cells.add(new Cell("proftpd", "ftps://vigilbk@127.0.3.4:2990/" + d + "i", tls));
            cells.add(new Cell("pureftpd", "ftpes://vigilbk@127.0.3.6:2121/pureftpd/root/" + d + "e", tls));
        }
        return cells.stream();
    }

    @BeforeAll
    static void servers() throws Exception {
        fleet = Fleet.get();
        Postgres.sh("bash", System.getProperty("vigil.ftpd.script", "ftpd.sh"), "start");
    }

    @AfterAll
    static void stop() throws Exception {
        Postgres.sh("bash", System.getProperty("vigil.ftpd.script", "ftpd.sh"), "stop");
    }

    private static VigilRun vigil(Path config, String... args) {
        List<String> all = new ArrayList<>(List.of("--state-dir", state.resolve("st").toString(), "--progress", "none", "-c", config.toString(),
                "-i", fleet.inventoryYaml().toString(), "--known-hosts", fleet.knownHosts().toString(), "--connect-timeout", "3s"));
        all.addAll(List.of(args));
        return VigilRun.run(BackupE2ETest.ENV, all.toArray(new String[0]));
    }

    private static Path config(String name, String url, String relayUrl, String tls, int keep) throws Exception {
        Path cfg = state.resolve(name + ".yaml");
        String ca = "/tmp/vigil-ftpd/ca.pem";
        Files.writeString(cfg, String.join("\n",
                "backup:",
                "  keep: " + keep,
                "  targets:",
                "    t:",
                "      url: " + url,
                "      ca_file: " + ca,
                "      tls_min_version: \"" + tls + "\"",
                "      tls_max_version: \"" + tls + "\"",
                "      retries: 0",
                "    r:",
                "      url: " + relayUrl,
                "      ca_file: " + ca,
                "      tls_min_version: \"" + tls + "\"",
                "      tls_max_version: \"" + tls + "\"",
                "      retries: 0",
                ""));
        return cfg;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void fullIncrementalListVerifyRestoreRelayRetention(Cell cell) throws Exception {
        String name = cell.toString().replace(' ', '-');
        Path data = fleet.nodeDir(NODE).resolve("data/interop");
        Files.createDirectories(data);
        Files.writeString(data.resolve("a.conf"), "first " + name + "\n");
        Files.writeString(data.resolve("b.conf"), "unchanged\n".repeat(500));
        Path cfg = config(name, cell.url(), cell.url() + "-relay", cell.tls(), 1);
        String[] sel = {"-l", "node-" + NODE, "--paths", "/srv/vigil-data/interop", "--target", "t", "--no-relay"};

        VigilRun full = vigil(cfg, VigilRun.concat(new String[] {"backup", "run", "--type", "full", "--format", "json"}, sel));
        assertThat(full.exitCode).as(cell + ": full\n" + full).isZero();
        Files.writeString(data.resolve("a.conf"), "second " + name + "\n");
        VigilRun inc = vigil(cfg, VigilRun.concat(new String[] {"backup", "run", "--type", "incremental", "--format", "json"}, sel));
        assertThat(inc.exitCode).as(cell + ": incremental\n" + inc).isZero();

        VigilRun list = vigil(cfg, "backup", "list", "--target", "t", "-l", "node-" + NODE, "--format", "json");
        assertThat(list.exitCode).as(cell + ": list\n" + list).isZero();
        JsonNode gens = list.json().get("generations");
        assertThat(gens).as(cell + ": full and incremental").hasSize(2);
        VigilRun verify = vigil(cfg, "backup", "verify", "--target", "t");
        assertThat(verify.exitCode).as(cell + ": verify\n" + verify).isZero();

        Path out = state.resolve("restore-" + name);
        VigilRun restore = vigil(cfg, "backup", "restore", "--node", "node-" + NODE, "--target", "t", "--to", out.toString());
        assertThat(restore.exitCode).as(cell + ": restore\n" + restore).isZero();
        assertThat(Files.readString(out.resolve("srv/vigil-data/interop/a.conf"))).isEqualTo("second " + name + "\n");
        assertThat(Files.readString(out.resolve("srv/vigil-data/interop/b.conf"))).isEqualTo("unchanged\n".repeat(500));

        VigilRun relay = vigil(cfg, "backup", "relay", "--target", "t", "--to", "r", "--format", "json");
        assertThat(relay.exitCode).as(cell + ": relay\n" + relay).isZero();
        assertThat(relay.json().get("copied")).as(cell + ": both generations relayed").hasSize(2);
        VigilRun relayVerify = vigil(cfg, "backup", "verify", "--target", "r");
        assertThat(relayVerify.exitCode).as(cell + ": relay verify\n" + relayVerify).isZero();

        // retention (keep: 1 for the test): a new full makes the old chain, full and incremental, go
        VigilRun again = vigil(cfg, VigilRun.concat(new String[] {"backup", "run", "--type", "full"}, sel));
        assertThat(again.exitCode).as(cell + ": second full\n" + again).isZero();
        VigilRun prune = vigil(cfg, "backup", "prune", "--target", "t");
        assertThat(prune.exitCode).as(cell + ": prune\n" + prune).isZero();
        VigilRun after = vigil(cfg, "backup", "list", "--target", "t", "-l", "node-" + NODE, "--format", "json");
        assertThat(after.json().get("generations")).as(cell + ": the newest chain alone is kept").hasSize(1);
        assertThat(vigil(cfg, "backup", "verify", "--target", "t").exitCode).isZero();

        if (cell.server().equals("proftpd")) {
            Path log = Path.of("/tmp/vigil-ftpd/proftpd-" + (cell.url().startsWith("ftps:") ? "implicit" : "explicit") + "/tls.log");
            assertThat(Files.readString(log)).as("ProFTPD accepted every data connection as a resumed session")
                    .contains("client reused TLS session for data connection")
                    .doesNotContain("client did not reuse TLS session");
        }
    }

    @Test
    void aCertificateForAnotherName_isSaidToBeThat_notAnUntrustedCa() throws Exception {
        Path cfg = config("wrongname", "ftpes://vigilbk@127.0.3.7:2121/x", "ftpes://vigilbk@127.0.3.7:2121/y", "1.3", 10);
        VigilRun r = vigil(cfg, "backup", "list", "--target", "t");
        assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr).contains("t: the server's certificate is not issued for 127.0.3.7")
                .contains("127.0.3.7 in its subject alternative names").doesNotContain("give its CA");
    }

    @Test
    void plainFtp_onlyWhenTheTargetAllowsIt_andWarnedOnEveryRun() throws Exception {
        Path cfg = state.resolve("plain.yaml");
        Files.writeString(cfg, String.join("\n",
                "backup:",
                "  targets:",
                "    legacy:",
                "      url: ftp://vigilbk@127.0.3.8:2121/plainftp/root/plain-" + RUN,
                "      allow_plain_ftp: true",
                "    refused:",
                "      url: ftp://vigilbk@127.0.3.8:2121/plainftp/root/plain",
                "    tls-only:",
                "      url: ftp://vigilbk@127.0.3.6:2121/pureftpd/root/plain",
                "      allow_plain_ftp: true",
                ""));
        VigilRun refused = vigil(cfg, "backup", "list", "--target", "refused");
        assertThat(refused.exitCode).isEqualTo(64);
        assertThat(refused.stderr).contains("refused: plain ftp:// sends the password and the backups unencrypted and is refused");

        Path data = fleet.nodeDir(NODE).resolve("data/plain");
        Files.createDirectories(data);
        Files.writeString(data.resolve("p.conf"), "over plain ftp\n");
        String warning = "legacy: plain FTP (allow_plain_ftp): the password and every backup cross the network unencrypted";
        VigilRun full = vigil(cfg, "backup", "run", "--type", "full", "-l", "node-" + NODE, "--paths", "/srv/vigil-data/plain",
                "--target", "legacy", "--no-relay");
        assertThat(full.exitCode).as(full.toString()).isZero();
        assertThat(full.stderr).contains(warning);
        VigilRun list = vigil(cfg, "backup", "list", "--target", "legacy", "-l", "node-" + NODE, "--format", "json");
        assertThat(list.json().get("generations")).hasSize(1);
        assertThat(list.stderr).as("warned on every run").contains(warning);
        Path out = state.resolve("restore-plain");
        assertThat(vigil(cfg, "backup", "restore", "--node", "node-" + NODE, "--target", "legacy", "--to", out.toString()).exitCode).isZero();
        assertThat(Files.readString(out.resolve("srv/vigil-data/plain/p.conf"))).isEqualTo("over plain ftp\n");

        // a server that requires TLS refuses the plain login, and says so
        VigilRun tlsOnly = vigil(cfg, "backup", "list", "--target", "tls-only");
        assertThat(tlsOnly.exitCode).as(tlsOnly.toString()).isEqualTo(2);
    }
}
