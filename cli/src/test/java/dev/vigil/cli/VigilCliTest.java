package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.testing.EmbeddedSshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole program in-process through {@link Vigil#run}: exit codes, output formats, errors. */
class VigilCliTest {
    @TempDir
    static Path shared;
    private static EmbeddedSshServer server;
    private static Path inventory;

    @TempDir
    Path state;

    @BeforeAll
    static void startServer() throws Exception {
        server = EmbeddedSshServer.start(shared);
        inventory = shared.resolve("inventory.yaml");
        String user = System.getProperty("user.name");
        Files.writeString(inventory, "defaults: {user: " + user + ", port: " + server.port() + ", identity: " + server.clientKey() + "}\n"
                + "groups: {compute: {}}\nnodes:\n"
                + "  - {name: cna-01, address: 127.0.0.1, groups: [compute]}\n"
                + "  - {name: cna-02, address: 127.0.0.1, groups: [compute]}\n"
                + "  - {name: ctl, connection: local}\n");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    private Run vigil(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--state-dir", state.toString(), "--progress", "none"));
        all.addAll(List.of(args));
        int code = Vigil.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env, all.toArray(new String[0]));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run vigil(String... args) {
        return vigil(Map.of(), args);
    }

    private String[] ssh(String... args) {
        List<String> all = new ArrayList<>(List.of("-i", inventory.toString(), "--known-hosts", server.knownHosts().toString()));
        all.addAll(List.of(args));
        return all.toArray(new String[0]);
    }

    @Test
    void version_namesVigilAndJava() {
        Run r = vigil("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("vigil ").contains("(Java ");
    }

    @Test
    void exec_withoutInventory_runsOnTheLocalMachine() throws Exception {
        Run r = vigil("exec", "--format", "json", "--", "echo", "hello");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode n = r.json().get(0);
        assertThat(n.get("name").asText()).isEqualTo("localhost");
        assertThat(n.get("outcome").asText()).isEqualTo("ok");
        assertThat(n.get("stdout").asText()).isEqualTo("hello\n");
        assertThat(n.fieldNames()).toIterable().contains("name", "outcome", "exit_code", "stdout", "stderr", "duration_ms");
    }

    @Test
    void exec_overSsh_andLocal_fromOneInventory() throws Exception {
        Run r = vigil(ssh("exec", "--format", "json", "--", "echo $((6*7))"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.json()).hasSize(3);
        for (JsonNode n : r.json()) {
            assertThat(n.get("stdout").asText()).as(n.toString()).isEqualTo("42\n");
        }
    }

    @Test
    void exec_exitCodeIsTheWorstOutcome() {
        assertThat(vigil("exec", "--", "exit 1").code()).isEqualTo(2);
        Run timedOut = vigil("-t", "1s", "exec", "--", "sleep 30");
        assertThat(timedOut.code()).isEqualTo(2);
        assertThat(timedOut.out()).contains("localhost | timed-out |").contains("did not finish within 1s; ended on the node");
    }

    @Test
    void exec_onlyUnreachableNodes_exitsUnknown() throws Exception {
        Path inv = state.resolve("down.yaml");
        Files.writeString(inv, "nodes:\n  - {name: gone, address: 127.0.0.1, port: 1, identity: " + server.clientKey() + "}\n"
                + "  - {name: ctl, connection: local}\n");
        Run r = vigil("-i", inv.toString(), "--known-hosts", server.knownHosts().toString(), "exec", "--", "true");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).contains("gone | unreachable |").contains("connection refused").contains("2 nodes: 1 ok, 1 unreachable");
    }

    @Test
    void unknownLimit_isOneLineAndExit64() {
        Run r = vigil(ssh("-l", "cna-1", "exec", "--", "true"));
        assertThat(r.code()).isEqualTo(64);
        assertThat(r.err()).isEqualTo("vigil: no node or group matches 'cna-1'; did you mean 'cna-01'? (see: vigil inventory list)\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badConfig_namesFileLineAndColumn() throws Exception {
        Path cfg = state.resolve("vigil.yaml");
        Files.writeString(cfg, "parallel: 4\nssh:\n  conect_timeout: 5s\n");
        Run r = vigil("-c", cfg.toString(), "exec", "--", "true");
        assertThat(r.code()).isEqualTo(64);
        assertThat(r.err()).startsWith("vigil: " + cfg + ":3:3: unknown key 'conect_timeout'").endsWith("\n");
        assertThat(r.err().lines().count()).isEqualTo(1);
    }

    @Test
    void badDuration_andBadFlag_areUsageErrors() {
        Run d = vigil("-t", "soon", "exec", "--", "true");
        assertThat(d.code()).isEqualTo(64);
        assertThat(d.err()).startsWith("vigil: --timeout: 'soon' is not a duration");
        Run f = vigil("exec", "--nope", "--", "true");
        assertThat(f.code()).isEqualTo(64);
        assertThat(f.err()).contains("--nope").contains("'vigil exec --help'");
        Run none = vigil("inventory");
        assertThat(none.code()).isEqualTo(64);
        assertThat(none.err()).contains("a subcommand is required");
    }

    @Test
    void internalErrors_printOneLine_andTheTraceOnlyWithStacktrace() throws Exception {
        Path dirAsInventory = state.resolve("a-directory");
        Files.createDirectories(dirAsInventory);
        Run r = vigil("-i", dirAsInventory.toString(), "exec", "--", "true");
        assertThat(r.code()).isEqualTo(64);
        assertThat(r.err().lines().count()).isEqualTo(1);
        Run traced = vigil("-i", dirAsInventory.toString(), "--stacktrace", "exec", "--", "true");
        assertThat(traced.err()).contains("\tat ");
    }

    @Test
    void configShow_neverPrintsASecret() throws Exception {
        Path pw = state.resolve("pw");
        Files.writeString(pw, "file-secret-123\n");
        Map<String, String> env = new HashMap<>(Map.of("VIGIL_SSH_PASSWORD", "env-secret-456"));
        Run r = vigil(env, "config", "show");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("password: \"env:VIGIL_SSH_PASSWORD (set, redacted)\"").doesNotContain("env-secret-456");
        Run f = vigil(env, "--password-file", pw.toString(), "config", "show");
        assertThat(f.out()).contains("file:" + pw).doesNotContain("file-secret-123");
        assertThat(f.out()).contains("parallel: 20").contains("connect_timeout: \"10s\"");
    }

    @Test
    void inventoryList_showsEffectiveAddressesAndBmcReferences() throws Exception {
        Path inv = state.resolve("bmc.ini");
        Files.writeString(inv, "[compute]\ncna-01 ansible_host=10.0.0.31 bmc_type=redfish bmc_address=10.1.0.31 bmc_password_env=RF_PW\n");
        Run r = vigil("-i", inv.toString(), "inventory", "list", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode n = r.json().get("nodes").get(0);
        assertThat(n.get("address").asText()).isEqualTo("10.0.0.31");
        assertThat(n.get("port").asInt()).isEqualTo(22);
        assertThat(n.get("bmc").get("type").asText()).isEqualTo("redfish");
        assertThat(n.get("bmc").get("port").asInt()).isEqualTo(443);
        assertThat(n.get("bmc").get("password").asText()).isEqualTo("env:RF_PW");
        Run table = vigil("-i", inv.toString(), "inventory", "list");
        assertThat(table.out()).contains("cna-01").contains("10.0.0.31:22").contains("redfish 10.1.0.31:443");
    }

    @Test
    void inventoryCheck_overSsh() throws Exception {
        Run r = vigil(ssh("-l", "compute", "inventory", "check", "--format", "json"));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.json()).hasSize(2);
        assertThat(r.json().get(0).get("host_key").asText()).startsWith("ECDSA SHA256:");
    }

    @Test
    void stateFiles_areForTheOperatorOnly() throws Exception {
        Path fresh = state.resolve("fresh-state");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(sink, true, StandardCharsets.UTF_8);
        assertThat(Vigil.run(ps, ps, Map.of(), "--state-dir", fresh.toString(), "exec", "--", "true")).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh.resolve("vigil.log")))).isEqualTo("rw-------");
    }

    @Test
    void generateCompletion_printsABashCompletionScript() {
        Run r = vigil("generate-completion");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("complete -F").contains("exec").contains("inventory");
    }
}
