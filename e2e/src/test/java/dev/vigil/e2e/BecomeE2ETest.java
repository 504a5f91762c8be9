package dev.vigil.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hardened nodes (CIS: no root login over SSH) reached as the login user vigil, who becomes root through
 * sudo: node-21 allows it without a password (NOPASSWD), node-22 with the user's password, given by
 * reference (ansible_become_password_env). The main paths run through become: exec, the health check,
 * the black box with pstore clearing, a backup of a root-only file and its restore onto the node, and
 * a fault collection.
 */
class BecomeE2ETest {
    static final String PASSWORD = "vigil-sudo";
    @TempDir
    static Path state;
    private static Fleet fleet;
    private static Path inventory;

    @BeforeAll
    static void hardened() throws Exception {
        fleet = Fleet.get();
        fleet.startHardened(21, 22);
        inventory = state.resolve("hardened.ini");
        Files.writeString(inventory, String.join("\n",
                "[hardened]",
                "node-21 ansible_host=127.0.1.21",
                "node-22 ansible_host=127.0.1.22 ansible_become_password_env=VIGIL_BECOME_PASSWORD",
                "",
                "[hardened:vars]",
                "ansible_user=vigil",
                "ansible_become=yes",
                ""));
    }

    private static VigilRun vigil(Path inv, Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("--state-dir", state.resolve("st").toString(), "--progress", "none",
                "-i", inv.toString(), "--known-hosts", fleet.hardenedKnownHosts().toString(),
                "--identity", fleet.clientKey().toString(), "--connect-timeout", "3s"));
        all.addAll(List.of(args));
        return VigilRun.run(env, all.toArray(new String[0]));
    }

    private static VigilRun vigil(String... args) {
        return vigil(inventory, Map.of("VIGIL_BECOME_PASSWORD", PASSWORD), args);
    }

    private static Path variant(String name, String from, String to) throws Exception {
        Path p = state.resolve(name);
        Files.writeString(p, Files.readString(inventory).replace(from, to));
        return p;
    }

    @Test
    void rootLoginIsRefused_theLoginUserBecomesRoot_withAndWithoutAPassword() throws Exception {
        VigilRun asRoot = vigil(variant("root.ini", "ansible_user=vigil", "ansible_user=root"), Map.of(), "exec", "--format", "json", "--", "id -un");
        assertThat(asRoot.node("node-21").get("outcome").asText()).as(asRoot.toString()).isEqualTo("auth-failed");

        VigilRun plain = vigil(variant("plain.ini", "ansible_become=yes", "ansible_become=no"), Map.of(), "exec", "--format", "json", "--", "id -un");
        assertThat(plain.node("node-21").get("stdout").asText()).isEqualTo("vigil\n");

        VigilRun become = vigil("exec", "--format", "json", "--", "id -un; cat");
        assertThat(become.exitCode).as(become.toString()).isZero();
        assertThat(become.node("node-21").get("stdout").asText()).as("NOPASSWD").isEqualTo("root\n");
        assertThat(become.node("node-22").get("stdout").asText()).as("with the password; it never reaches the command's stdin")
                .isEqualTo("root\n");
        assertThat(become.stdout + become.stderr).doesNotContain(PASSWORD);
    }

    @Test
    void aWrongOrMissingBecomePassword_isAuthFailedAndSaysWhy_neverShowingIt() throws Exception {
        VigilRun wrong = vigil(inventory, Map.of("VIGIL_BECOME_PASSWORD", "not-the-Passw0rd"), "exec", "--format", "json", "--", "id -un");
        JsonNode n22 = wrong.node("node-22");
        assertThat(n22.get("outcome").asText()).as(wrong.toString()).isEqualTo("auth-failed");
        assertThat(n22.get("message").asText()).contains("become: sudo on node-22 refused the password from env:VIGIL_BECOME_PASSWORD");
        assertThat(wrong.node("node-21").get("outcome").asText()).as("one failing node does not stop the others").isEqualTo("ok");
        assertThat(wrong.stdout + wrong.stderr).doesNotContain("not-the-Passw0rd");
        assertThat(Files.readString(state.resolve("st/vigil.log"))).doesNotContain("not-the-Passw0rd").doesNotContain(PASSWORD);

        VigilRun none = vigil(variant("nopw.ini", " ansible_become_password_env=VIGIL_BECOME_PASSWORD", ""), Map.of(),
                "exec", "--format", "json", "--", "id -un");
        assertThat(none.node("node-22").get("outcome").asText()).isEqualTo("auth-failed");
        assertThat(none.node("node-22").get("message").asText()).contains("did not run as root without a password")
                .contains("ansible_become_password_file");

        VigilRun bad = vigil(variant("badmethod.ini", "ansible_become=yes", "ansible_become=yes\nansible_become_method=doas"), Map.of(),
                "exec", "--", "true");
        assertThat(bad.exitCode).isEqualTo(64);
        assertThat(bad.stderr).contains("ansible_become_method 'doas' is not supported (sudo or su)");
    }

    @Test
    void healthCheck_blackBoxWithPstoreClearing_andFaultCollection_runAsRoot() throws Exception {
        for (int i : new int[] {21, 22}) {
            Path record = fleet.nodeDir(i).resolve("pstore/dmesg-ramoops-0");
            Files.writeString(record, "Kernel panic - not syncing: Fatal exception\n");
            Files.setPosixFilePermissions(record, PosixFilePermissions.fromString("rw-------"));
            Path secret = fleet.nodeDir(i).resolve("etc-app/root-only.conf");
            Files.writeString(secret, "only root reads this on node-" + i + "\n");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        }
        VigilRun hc = vigil("healthcheck", "run", "--format", "json");
        assertThat(hc.exitCode).as(hc.toString()).isNotIn(64, 70);
        assertThat(hc.stdout).contains("node-21").contains("node-22").doesNotContainIgnoringCase("permission denied");

        Path out = state.resolve("kbox");
        VigilRun kbox = vigil("kbox", "collect", "--out", out.toString(), "--clear-pstore", "--format", "json");
        assertThat(kbox.exitCode).as(kbox.toString()).isZero();
        for (int i : new int[] {21, 22}) {
            assertThat(Files.readString(out.resolve("node-" + i + "/sys/fs/pstore/dmesg-ramoops-0"))).contains("Kernel panic");
            assertThat(fleet.nodeDir(i).resolve("pstore/dmesg-ramoops-0")).as("cleared by root once stored").doesNotExist();
        }

        VigilRun collect = vigil("collect", "--profile", "management", "--out", state.resolve("bundles").toString());
        assertThat(collect.exitCode).as(collect.toString()).isZero();
        Path archive;
        try (Stream<Path> s = Files.list(state.resolve("bundles"))) {
            archive = s.filter(p -> p.toString().endsWith(".tar.gz")).findFirst().orElseThrow();
        }
        Process tar = new ProcessBuilder("tar", "-xzOf", archive.toString(), "--wildcards", "*root-only.conf").redirectErrorStream(true).start();
        String content = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tar.waitFor()).isZero();
        assertThat(content).contains("only root reads this on node-21").contains("only root reads this on node-22");
    }

    @Test
    void backupOfRootOnlyFiles_andRestoreOntoTheNode_asRoot() throws Exception {
        Path cfg = state.resolve("vigil.yaml");
        Files.writeString(cfg, "backup:\n  target: local\n  targets:\n    local:\n      url: file://" + state.resolve("backups") + "\n");
        Map<Integer, Path> secrets = new HashMap<>();
        for (int i : new int[] {21, 22}) {
            Path secret = fleet.nodeDir(i).resolve("etc-app/backup-secret.conf");
            Files.writeString(secret, "db_password on node-" + i + "\n");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            secrets.put(i, secret);
        }
        VigilRun full = vigil("-c", cfg.toString(), "backup", "run", "--type", "full", "--paths", "/etc/vigil-app", "--no-relay", "--format", "json");
        assertThat(full.exitCode).as(full.toString()).isZero();
        assertThat(full.json().get("nodes")).hasSize(2).allMatch(n -> n.get("status").asText().equals("ok"));

        for (int i : new int[] {21, 22}) {
            Files.writeString(secrets.get(i), "overwritten\n");
            VigilRun restore = vigil("-c", cfg.toString(), "-l", "node-" + i, "backup", "restore", "--node", "node-" + i, "--in-place");
            assertThat(restore.exitCode).as(restore.toString()).isZero();
            assertThat(Files.readString(secrets.get(i))).isEqualTo("db_password on node-" + i + "\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets.get(i)))).isEqualTo("rw-------");
            assertThat(Files.getOwner(secrets.get(i)).getName()).as("written back by root").isEqualTo("root");
        }
    }
}
