package dev.vigil.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What an operator types on a bad night: one line and exit 64 for what they can fix, nothing lost, nothing run that was only data. */
class TrustCliTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    @org.junit.jupiter.api.BeforeEach
    void emptyConfig() throws Exception {
        Files.writeString(dir.resolve("none.yaml"), "");
    }

    private Run vigil(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("--state-dir", dir.resolve("st").toString()));
        all.addAll(List.of(args));
        return raw(env, all.toArray(new String[0]));
    }

    private Run raw(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--progress", "none"));
        if (List.of(args).stream().noneMatch(a -> a.equals("-c"))) {
            all.addAll(List.of("-c", dir.resolve("none.yaml").toString()));
        }
        all.addAll(List.of(args));
        int code = Vigil.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env,
                all.toArray(new String[0]));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run vigil(String... args) throws Exception {
        if (!Files.exists(dir.resolve("none.yaml"))) {
            Files.writeString(dir.resolve("none.yaml"), "");
        }
        return vigil(Map.of(), args);
    }

    private static void assertUsage(Run r, String contains) {
        assertThat(r.code()).as(r.err()).isEqualTo(64);
        assertThat(r.err()).startsWith("vigil: ").contains(contains).doesNotContain("internal error").doesNotContain("Exception");
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
    }

    @Test
    void badInput_isOneLineAndExit64_neverAnInternalError() throws Exception {
        assertUsage(vigil("exec", "-t", "99999999h", "--", "true"), "too long");
        assertUsage(vigil("--connect-timeout", "9999999999999s", "exec", "--", "true"), "--connect-timeout");
        assertUsage(vigil("kbox", "listen", "--port", "70000"), "--port 70000 is out of range");
        Files.createDirectories(dir.resolve("reports"));
        assertUsage(vigil("healthcheck", "run", "--format", "html", "--out", dir.resolve("reports").toString()), "is a directory");
        assertUsage(vigil("collect", "--profile", "node-down", "--out", "/proc/nope"), "--out");
        Path nul = dir.resolve("nul.yaml");
        Files.write(nul, "name: x\nsteps:\n  - uses: exec\n    with: {command: \"a\0b\"}\n".getBytes(StandardCharsets.UTF_8));
        assertUsage(vigil("playbook", "run", nul.toString()), "nul.yaml:4:");
        assertUsage(vigil("playbook", "validate", nul.toString()), "control character");
        Files.writeString(dir.resolve("jdbc.yaml"), "schedules:\n  store: jdbc\n  jdbc: {url: 'jdbc:postgresql://127.0.0.1:1/vigil', user: vigil}\n");
        assertUsage(vigil("-c", dir.resolve("jdbc.yaml").toString(), "daemon"), "is the database up");
        Path nulInventory = dir.resolve("hosts.ini");
        Files.write(nulInventory, "[a]\nhost\0one\n".getBytes(StandardCharsets.UTF_8));
        assertUsage(vigil("-i", nulInventory.toString(), "inventory", "list"), "hosts.ini:2:5: a control character (U+0000)");
    }

    @Test
    void inlineSecretsInAnInventory_areIgnored_andTheWarningIsShown_withoutTheirValues() throws Exception {
        Path ini = dir.resolve("secrets.ini");
        Files.writeString(ini, "[mgmt]\nvrm-1 ansible_host=127.0.0.1 ansible_password=hunter2 bmc_address=127.0.0.1 bmc_type=ipmi bmc_password=Xy9pq\n");
        Run r = vigil("-i", ini.toString(), "inventory", "list");
        assertThat(r.err()).contains("vigil: warning: ").contains("ignored 2 inline secret variable(s)").contains("vrm-1:ansible_password")
                .contains("vrm-1:bmc_password").doesNotContain("hunter2").doesNotContain("Xy9pq");
        Run power = vigil("-i", ini.toString(), "power", "status");
        assertThat(power.code()).isEqualTo(64);
        assertThat(power.err()).contains("an inline bmc_password in the inventory is never used").doesNotContain("Xy9pq");
    }

    @Test
    void anEmptyInventory_isUnknown_notOk() throws Exception {
        Path empty = dir.resolve("empty.ini");
        Files.writeString(empty, "");
        Run r = vigil("-i", empty.toString(), "healthcheck", "run");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("has no nodes");
        Path orphan = dir.resolve("orphan.ini");
        Files.writeString(orphan, "[platform:children]\ncompute\n");
        Run nagios = vigil("-i", orphan.toString(), "healthcheck", "run", "--format", "nagios");
        assertThat(nagios.code()).isEqualTo(3);
        assertThat(nagios.out()).startsWith("VIGIL UNKNOWN - ");
    }

    @Test
    void aPlaybookValue_reachesTheShellAsData_neverAsCode() throws Exception {
        Path out = dir.resolve("said.txt");
        Path pwned = dir.resolve("PWNED");
        Path pb = dir.resolve("say.yaml");
        Files.writeString(pb, "name: say\nvars: [reason]\nsteps:\n  - uses: exec\n    with: {command: \"echo ${reason} > " + out + "; echo \\\"quoted ${reason}\\\" >> "
                + out + "\"}\n");
        String evil = "x; touch " + pwned + " $(touch " + pwned + ") `touch " + pwned + "` \" '";
        Run r = vigil("playbook", "run", pb.toString(), "--reason", evil);
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(pwned).doesNotExist();
        assertThat(Files.readString(out)).isEqualTo(evil + "\nquoted " + evil + "\n");
    }

    @Test
    void undeclaredVars_areRefused_byRunAndByValidate() throws Exception {
        Path pb = dir.resolve("p.yaml");
        Files.writeString(pb, "name: p\nsteps:\n  - uses: exec\n    with: {command: \"echo ${who}\"}\n");
        assertUsage(vigil("playbook", "validate", pb.toString()), "${who} is not declared");
        assertThat(vigil("playbook", "run", pb.toString(), "--var", "who=me").err()).contains("${who} is not declared");
        Path ok = dir.resolve("ok.yaml");
        Files.writeString(ok, "name: ok\nsteps:\n  - uses: exec\n    with: {command: \"true\"}\n");
        assertThat(vigil("playbook", "run", ok.toString(), "--var", "extra=1").err()).contains("--var extra: this playbook does not declare it");
    }

    @Test
    void power_offOnEveryNodeWithoutLimit_needsYes_andTouchesNoBmc() throws Exception {
        Path inv = dir.resolve("bmcs.yaml");
        Files.writeString(inv, "defaults: {bmc: {type: ipmi, user: admin, password_env: BMC_PW}}\nnodes:\n"
                + "  - {name: a, address: 127.0.0.1, bmc: {address: 127.0.0.1, port: 9}}\n"
                + "  - {name: b, address: 127.0.0.1, bmc: {address: 127.0.0.1, port: 9}}\n");
        for (String cmd : List.of("off", "cycle")) {
            Run r = vigil(Map.of("BMC_PW", "x"), "-c", dir.resolve("none.yaml").toString(), "-i", inv.toString(), "power", cmd);
            assertThat(r.code()).as(r.err()).isEqualTo(64);
            assertThat(r.err()).contains("needs --yes");
        }
        Files.writeString(dir.resolve("none.yaml"), "");
        Run policy = vigil(Map.of("BMC_PW", "x"), "-c", dir.resolve("none.yaml").toString(), "-i", inv.toString(), "power", "policy", "always-on");
        assertThat(policy.err()).contains("needs --yes");
    }

    @Test
    void recover_anUnknownRun_andANodeWithoutBmcInADryRun_areNamedAsSuch() throws Exception {
        Path inv = dir.resolve("mixed.yaml");
        Files.writeString(inv, "nodes:\n  - {name: a, address: 127.0.0.1, bmc: {type: ipmi, address: 127.0.0.1, user: admin, password_env: BMC_PW}}\n"
                + "  - {name: nobmc, address: 127.0.0.1}\n");
        Files.writeString(dir.resolve("none.yaml"), "");
        Run resume = vigil(Map.of("BMC_PW", "x"), "-c", dir.resolve("none.yaml").toString(), "-i", inv.toString(), "power", "recover", "--resume", "NOSUCH");
        assertUsage(resume, "no recovery run 'NOSUCH'");
        Run dry = vigil(Map.of("BMC_PW", "x"), "-c", dir.resolve("none.yaml").toString(), "-i", inv.toString(), "power", "recover", "--dry-run");
        assertUsage(dry, "node nobmc has no BMC");
    }

    @Test
    void backup_targets_fileWithAHost_missingOnes_andNothingToVerify() throws Exception {
        assertUsage(vigil("backup", "run", "--type", "full", "--paths", "/etc/hostname", "--target", "file://tmp/x"), "file:///tmp/x");
        Path missing = dir.resolve("not-mounted");
        Run list = vigil("backup", "list", "--target", "file://" + missing);
        assertThat(list.code()).isEqualTo(2);
        assertThat(list.err()).contains("does not exist");
        Run verify = vigil("backup", "verify", "--target", "file://" + missing);
        assertThat(verify.code()).isEqualTo(2);
        assertThat(missing).as("reading commands never create a target").doesNotExist();
        Files.createDirectories(missing);
        Run none = vigil("backup", "verify", "--target", "file://" + missing);
        assertThat(none.code()).as("verifying nothing is not success").isEqualTo(2);
        assertThat(none.err()).contains("nothing to verify");
    }

    @Test
    void theStateDir_holdsOnly0700Directories_and0600Files_andAWritableOneIsRefused() throws Exception {
        Path prom = dir.resolve("textfile/vigil.prom");
        Files.createDirectories(prom.getParent());
        assertThat(vigil("healthcheck", "run", "--save", "--checks", "memory", "--format", "prometheus", "--out", prom.toString()).code()).isLessThan(4);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(prom))).as("node_exporter reads it").isEqualTo("rw-r--r--");
        vigil("backup", "run", "--type", "full", "--paths", dir.resolve("none.yaml").toString(), "--allow-shrink");
        vigil("collect", "--profile", "network");
        try (Stream<Path> all = Files.walk(dir.resolve("st"))) {
            for (Path p : all.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    assertThat(mode).as(p.toString()).isEqualTo("rwx------");
                } else {
                    assertThat(mode).as(p.toString()).isEqualTo("rw-------");
                }
            }
        }
        Path open = Files.createDirectories(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Run r = raw(Map.of(), "--state-dir", open.toString(), "-c", dir.resolve("none.yaml").toString(), "exec", "--", "true");
        assertUsage(r, "writable by everyone");
    }
}
