package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** vigil config validate: every section at once, each problem at the line and column of the bad value. */
class ConfigValidateCliTest {
    @TempDir
    Path dir;

    private InProcess validate(String yaml, String... more) throws Exception {
        Path f = Files.writeString(dir.resolve("vigil.yaml"), yaml);
        String[] args = new String[more.length + 2];
        args[0] = "config";
        args[1] = "validate";
        System.arraycopy(more, 0, args, 2, more.length);
        return InProcess.run(dir.resolve("st"), f, args);
    }

    @Test
    void everyBadSectionIsNamed_atTheBadValue_andTheExitIs64() throws Exception {
        InProcess r = validate(String.join("\n",
                "backup:",
                "  target: file:///tmp/x",
                "  keep: 0",
                "  min_size_ratio: 0.5",
                "healthcheck:",
                "  thresholds:",
                "    cpu: {warn: 80, crit: 95}",
                "    disk-space: {warn: 150, crit: 190}",
                "  check_timeout: 5s",
                "schedules:",
                "  jobs:",
                "    leap: {cron: \"0 0 0 30 2 ?\", playbook: daily-routine}",
                "power:",
                "  confirm_timeout: 1m",
                ""));
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(64);
        String f = dir.resolve("vigil.yaml").toString();
        assertThat(r.out()).contains(f + ":3:3: keep must be at least 1")
                .contains(f + ":12:5: job 'leap': '0 0 0 30 2 ?' never fires")
                .contains("warning: " + f + ": healthcheck.thresholds.disk-space: 150 is over 100%, so it never fires")
                .contains(": 2 problems");
        assertThat(r.out()).doesNotContain("power:").as("a good section is not a problem");
    }

    @Test
    void aPercentageOver100_isAWarning_notAnError_forItIsHowAVerdictIsTakenOut() throws Exception {
        InProcess r = validate("healthcheck:\n  thresholds: {cpu: {warn: 101, crit: 101}, disk-space: {warn: -1, crit: 90}}\n");
        assertThat(r.code()).isEqualTo(64);
        assertThat(r.out()).contains("disk-space: -1 is below zero");
        InProcess off = validate("healthcheck:\n  thresholds: {cpu: {warn: 101, crit: 101}}\n");
        assertThat(off.code()).as(off.out()).isZero();
        assertThat(off.out()).contains("warning: ").contains("healthcheck.thresholds.cpu: 101 is over 100%, so it never fires");
    }

    @Test
    void aValidFile_isExit0_andJsonListsEverySection() throws Exception {
        InProcess r = validate("backup:\n  keep: 3\nhealthcheck:\n  thresholds: {disk-space: {warn: 70, crit: 85}}\n", "--format", "json");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("valid").asBoolean()).isTrue();
        assertThat(doc.get("sections")).extracting(s -> s.get("section").asText()).contains("backup", "healthcheck", "kbox", "power", "schedules");
    }

    @Test
    void aMistypedSection_isAProblemAtItsKey() throws Exception {
        InProcess r = validate("parallel: 10\nbakup:\n  keep: 3\n");
        assertThat(r.code()).isEqualTo(64);
        assertThat(r.out()).contains(":2:1: unknown key 'bakup'").contains("expected one of: alarms, backup");
    }

    @Test
    void crossedThresholds_pointAtTheKeyNotTheEndOfTheMap() throws Exception {
        InProcess r = validate("healthcheck:\n  thresholds:\n    disk-space: {warn: 95, crit: 90}\n    cpu: {warn: 80, crit: 95}\n");
        assertThat(r.code()).isEqualTo(64);
        assertThat(r.out()).contains(":3:28: crit (90.0) must not be below warn (95.0)");
    }

    @Test
    void theAlarmsSectionIsCheckedToo() throws Exception {
        InProcess r = validate("alarms:\n  sinks:\n    - {type: pager, url: 'https://x'}\n");
        assertThat(r.code()).isEqualTo(64);
        assertThat(r.out()).contains("type must be one of alertmanager, webhook, syslog, snmp, email, not 'pager'");
        InProcess creds = validate("alarms:\n  sinks:\n    - {type: alertmanager, url: 'https://ops:hunter2@am:9093'}\n");
        assertThat(creds.code()).isEqualTo(64);
        assertThat(creds.out()).contains("credentials in the URL").doesNotContain("hunter2");
    }
}
