package dev.vigil.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** vigil alarms on the local machine: raise through a scan, list (exit code), ack, clear, history, and what is typed wrong. */
class AlarmsCliTest {
    @TempDir
    Path dir;

    private InProcess vigil(String... args) {
        return InProcess.run(dir.resolve("st"), dir.resolve("vigil.yaml"), args);
    }

    @Test
    void raiseListAckClear_andTheListsExitCode() throws Exception {
        Path hb = Files.writeString(dir.resolve("hb"), "1000\n");
        Files.writeString(dir.resolve("vigil.yaml"), "healthcheck:\n  heartbeats: [{name: app, timestamp_file: " + hb + ", period: 10s}]\n");
        assertThat(vigil("alarms", "list").code()).as("nothing yet").isZero();
        assertThat(vigil("healthcheck", "run", "--checks", "heartbeat", "--alarms").code()).isEqualTo(2);
        assertThat(vigil("alarms", "list").out()).as("heartbeat: pending until 3 scans").contains("0 alarms firing, 1 pending");
        vigil("healthcheck", "run", "--checks", "heartbeat", "--alarms");
        vigil("healthcheck", "run", "--checks", "heartbeat", "--alarms");
        InProcess list = vigil("alarms", "list");
        assertThat(list.code()).as("a critical alarm firing").isEqualTo(2);
        assertThat(list.out()).contains("firing").contains("healthcheck").contains("heartbeat");
        assertThat(vigil("alarms", "show", "healthcheck/localhost").out()).contains("bad_scans").contains("first_seen");
        assertThat(vigil("alarms", "ack", "healthcheck/localhost/heartbeat", "--by", "night").code()).isZero();
        assertThat(vigil("alarms", "list").code()).as("acknowledged: no longer CRIT").isZero();
        assertThat(vigil("alarms", "clear", "healthcheck/localhost/heartbeat").code()).isZero();
        InProcess again = vigil("alarms", "clear", "healthcheck/localhost/heartbeat");
        assertThat(again.code()).isEqualTo(64);
        assertThat(again.err().strip()).isEqualTo("vigil: alarm healthcheck/localhost/heartbeat is already cleared");
        InProcess unknown = vigil("alarms", "ack", "nope/x/y");
        assertThat(unknown.code()).isEqualTo(64);
        assertThat(unknown.err()).contains("no alarm 'nope/x/y'");
        assertThat(vigil("alarms", "history", "--format", "json").out()).contains("\"acked_by\" : \"night\"").contains("\"cleared_by\" : \"operator");
    }

    /** A history line cut short by a kill -9 mid-append is skipped; the rest still reads (it failed the whole command before). */
    @Test
    void aTornLastHistoryLineIsSkipped() throws Exception {
        Files.writeString(dir.resolve("vigil.yaml"), "");
        Path alarms = Files.createDirectories(dir.resolve("st/alarms"));
        Files.writeString(alarms.resolve("history.jsonl"), "{\"at\":\"2026-12-02T01:00:00Z\",\"key\":\"healthcheck/n1/memory\",\"from\":null,"
                + "\"to\":\"firing\",\"severity\":\"critical\",\"summary\":\"memory at 97%\"}\n{\"at\":\"2026-12-02T01:05:00Z\",\"key\":\"heal");
        InProcess r = vigil("alarms", "history");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("healthcheck/n1/memory").contains("1 change in");
    }
}
