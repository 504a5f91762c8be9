package dev.vigil.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.config.Yaml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped pre-upgrade and post-upgrade playbooks on the 20-node fleet. */
class PlaybookE2ETest {
    @TempDir
    Path dir;

    private VigilRun vigil(Fleet fleet, String... args) {
        List<String> all = new ArrayList<>(List.of("--state-dir", dir.resolve("st").toString(), "--progress", "none", "-c",
                dir.resolve("vigil.yaml").toString(), "-i", fleet.inventoryYaml().toString(), "--known-hosts", fleet.knownHosts().toString(),
                "--connect-timeout", "3s"));
        all.addAll(List.of(args));
        return VigilRun.run(PowerE2ETest.ENV, all.toArray(new String[0]));
    }

    @Test
    void preUpgradeThenPostUpgrade_onTheFleet_everyStepReported() throws Exception {
        Fleet fleet = Fleet.get();
        fleet.bmcs();
        Files.writeString(dir.resolve("vigil.yaml"), PowerE2ETest.IPMI_SIM_CONFIG + String.join("\n",
                "backup:",
                "  target: local",
                "  sets:",
                "    - name: management",
                "      groups: [mgmt, compute]",
                "      include: [/etc/vigil-app]",
                "  targets:",
                "    local:",
                "      url: file://" + dir.resolve("backups"),
                ""));
        Path report = dir.resolve("pre-upgrade.json");
        VigilRun pre = vigil(fleet, "playbook", "run", "pre-upgrade", "--reason", "e2e upgrade to 8.1", "--format", "json", "--out", report.toString());
        JsonNode r = Yaml.jsonMapper().readTree(report.toFile());
        Map<String, String> status = new LinkedHashMap<>();
        r.get("steps").forEach(s -> status.put(s.get("id").asText(), s.get("status").asText()));
        assertThat(status.keySet()).as(pre.toString()).containsExactly("connectivity", "health", "hardware", "baseline", "clock", "disk", "backup",
                "verify", "blackbox");
        assertThat(status).as(pre.toString()).containsEntry("connectivity", "PASS").containsEntry("baseline", "PASS")
                .containsEntry("backup", "PASS").containsEntry("verify", "PASS").containsEntry("blackbox", "PASS")
                .containsEntry("hardware", "PASS");
        // the nodes have no time daemon: the clock check warns, and strict thresholds make that a FAIL
        assertThat(status).containsEntry("clock", "FAIL");
        assertThat(r.get("worst").asText()).isEqualTo("FAIL");
        assertThat(pre.exitCode).isEqualTo(2);
        JsonNode backup = r.get("steps").get(6);
        assertThat(backup.get("details").get("nodes")).hasSize(20);
        assertThat(backup.get("reason").asText()).isEqualTo("20 nodes: 20 ok");
        assertThat(backup.get("details").get("nodes").get(0).get("generation").get("reason").asText()).isEqualTo("e2e upgrade to 8.1");
        assertThat(r.get("steps").get(1).get("details").get("nodes")).hasSize(20);

        VigilRun post = vigil(fleet, "playbook", "run", "post-upgrade", "--format", "json");
        JsonNode compare = post.json().get("steps").get(1);
        assertThat(compare.get("id").asText()).isEqualTo("compare");
        // compared with the report the pre-upgrade run kept (its verdict depends on the load: 20 nodes share 2 cores)
        assertThat(compare.get("details").get("from").asText()).as(post.toString()).isEqualTo(r.get("steps").get(1).get("details").get("run_id").asText());
        assertThat(compare.get("details").get("to").asText()).isEqualTo(post.json().get("steps").get(0).get("details").get("run_id").asText());
        VigilRun junit = vigil(fleet, "playbook", "run", "post-upgrade", "--format", "junit");
        assertThat(junit.stdout).contains("<testsuite name=\"playbook post-upgrade\" tests=\"3\"");

        VigilRun missingReason = vigil(fleet, "playbook", "run", "pre-upgrade");
        assertThat(missingReason.exitCode).isEqualTo(64);
        assertThat(missingReason.stderr).contains("shipped:pre-upgrade").contains("--var reason=");
        assertThat(Files.list(dir.resolve("backups/nodes")).count()).isEqualTo(20);
    }
}
