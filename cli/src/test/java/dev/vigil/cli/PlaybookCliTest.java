package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** vigil playbook and vigil schedule on the local machine, in-process. */
class PlaybookCliTest {
    @TempDir
    Path dir;
    String out;
    String err;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(dir.resolve("vigil.yaml"), String.join("\n",
                "schedules:",
                "  jobs:",
                "    alarm-scan: {enabled: false}",
                "    local: {cron: \"15 3 * * 1-5\", playbook: " + dir.resolve("local.yaml") + ", vars: {who: cron}}",
                ""));
        Files.writeString(dir.resolve("local.yaml"), String.join("\n",
                "name: local",
                "description: a local checklist",
                "vars: [who]",
                "steps:",
                "  - id: marker",
                "    uses: exec",
                "    with: {command: \"echo ${who} > " + dir.resolve("marker") + "\"}",
                "  - id: fails",
                "    uses: exec",
                "    with: {command: \"exit 4\"}",
                "    on-failure: continue",
                "  - id: only-if-failed",
                "    uses: exec",
                "    with: {command: \"true\"}",
                "    when: fails == FAIL",
                "  - id: ask",
                "    uses: confirm",
                "    with: {prompt: \"go on?\"}",
                ""));
    }

    private int vigil(String... args) {
        InProcess r = InProcess.run(dir.resolve("st"), dir.resolve("vigil.yaml"), args);
        out = r.out();
        err = r.err();
        return r.code();
    }

    @Test
    void runWritesTheChecklistEvenWhenAStepFails_andExitsWithTheWorst() throws Exception {
        Path report = dir.resolve("report.json");
        assertThat(vigil("playbook", "run", dir.resolve("local.yaml").toString(), "--var", "who=me", "--yes", "--format", "json",
                "--out", report.toString())).isEqualTo(2);
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertThat(r.get("steps")).extracting(s -> s.get("id").asText() + "=" + s.get("status").asText())
                .containsExactly("marker=PASS", "fails=FAIL", "only-if-failed=PASS", "ask=PASS");
        assertThat(r.get("steps").get(0).get("details").get(0).get("stdout").asText()).isEmpty();
        assertThat(Files.readString(dir.resolve("marker"))).isEqualTo("me\n");
        assertThat(Files.list(dir.resolve("st/playbooks")).count()).isEqualTo(1);

        assertThat(vigil("playbook", "run", dir.resolve("local.yaml").toString(), "--var", "who=me")).isEqualTo(2);
        assertThat(out).contains("FAIL    ask (Ask the operator to confirm)").contains("run with --yes");
    }

    @Test
    void everyFeatureRegistersItsActions_andAStepsDetailsAreTheCommandsJson() throws Exception {
        dev.vigil.core.session.Session session = new dev.vigil.core.session.Session(new dev.vigil.core.session.SessionOptions(null, null,
                dir.resolve("vigil.yaml"), dir.resolve("st"), null, null, null, null, List.of(), null, null, null), java.util.Map.of(),
                dev.vigil.core.session.Session.Host.QUIET);
        assertThat(dev.vigil.playbooks.PlaybookRun.actions(session).keySet()).containsExactlyInAnyOrder("healthcheck", "healthcheck-baseline",
                "healthcheck-compare", "backup", "backup-check", "backup-verify", "kbox-collect", "collect", "power-status", "power-audit", "power-recover", "exec",
                "inventory-check", "confirm", "wait");

        Files.writeString(dir.resolve("one.yaml"), "name: one\nsteps:\n  - id: say\n    uses: exec\n    with: {command: \"echo hi; echo err >&2\"}\n");
        assertThat(vigil("playbook", "run", dir.resolve("one.yaml").toString(), "--format", "json")).isZero();
        JsonNode step = new ObjectMapper().readTree(out).get("steps").get(0);
        assertThat(step.get("reason").asText()).isEqualTo("1 node: 1 ok");
        assertThat(vigil("exec", "--format", "json", "--", "echo hi; echo err >&2")).isZero();
        JsonNode direct = new ObjectMapper().readTree(out);
        ((com.fasterxml.jackson.databind.node.ObjectNode) direct.get(0)).remove("duration_ms");
        ((com.fasterxml.jackson.databind.node.ObjectNode) step.get("details").get(0)).remove("duration_ms");
        assertThat(step.get("details")).isEqualTo(direct);
        assertThat(direct.get(0).get("stdout").asText()).isEqualTo("hi\n");
    }

    @Test
    void dryRunRunsNothing_andValidationNamesTheLine() throws Exception {
        assertThat(vigil("playbook", "run", dir.resolve("local.yaml").toString(), "--var", "who=dry", "--dry-run")).isZero();
        assertThat(out).contains("dry run: nothing was run").contains("[fails: exec]");
        assertThat(dir.resolve("marker")).doesNotExist();
        Files.writeString(dir.resolve("bad.yaml"), "name: bad\nsteps:\n  - uses: backup\n    with: {type: full, when: now}\n");
        assertThat(vigil("playbook", "validate", dir.resolve("bad.yaml").toString())).isEqualTo(64);
        assertThat(err).contains("bad.yaml:4:24: unknown parameter of backup 'when'");
        assertThat(vigil("playbook", "run", "no-such-playbook")).isEqualTo(64);
        assertThat(err).contains("give a file, or one of pre-upgrade");
        assertThat(vigil("playbook", "validate", "pre-upgrade")).isZero();
        assertThat(vigil("playbook", "list")).isZero();
        assertThat(out).contains("pre-upgrade").contains("power-outage-recovery").contains("weekly-full-backup");
    }

    @Test
    void scheduleListCrontabRunNowAndHistory() throws Exception {
        assertThat(vigil("schedule", "list", "--format", "json")).isZero();
        JsonNode jobs = new ObjectMapper().readTree(out);
        assertThat(jobs).extracting(j -> j.get("job").asText()).contains("daily-incremental-backup", "weekly-full-backup", "daily-routine",
                "alarm-scan", "blackbox-collection", "local");
        JsonNode local = jobs.get(jobs.size() - 1);
        assertThat(local.get("quartz").asText()).isEqualTo("0 15 3 ? * 2-6");
        assertThat(local.get("next")).hasSize(3);

        assertThat(vigil("schedule", "crontab")).isZero();
        assertThat(out).contains("15 3 * * 1-5 vigil").contains("playbook run").contains("--var who=cron").contains("# local")
                .contains("# (disabled) */5 * * * *");

        assertThat(vigil("schedule", "run-now", "local")).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("marker"))).isEqualTo("cron\n");
        assertThat(vigil("schedule", "history", "--format", "json")).isZero();
        JsonNode h = new ObjectMapper().readTree(out);
        assertThat(h).singleElement().satisfies(r -> {
            assertThat(r.get("job").asText()).isEqualTo("local");
            assertThat(r.get("trigger").asText()).isEqualTo("run-now");
            assertThat(r.get("outcome").asText()).isEqualTo("FAIL");
            assertThat(Path.of(r.get("report").asText())).exists();
        });
        assertThat(vigil("schedule", "run-now", "nope")).isEqualTo(64);

        Files.writeString(dir.resolve("vigil.yaml"), "schedules:\n  jobs:\n    x: {cron: \"0 0 25 * * ?\", playbook: daily-routine}\n");
        assertThat(vigil("schedule", "list")).isEqualTo(64);
        assertThat(err).contains("job 'x'").contains("hours");
    }
}
