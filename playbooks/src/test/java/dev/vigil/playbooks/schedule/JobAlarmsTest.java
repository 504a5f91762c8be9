package dev.vigil.playbooks.schedule;

import dev.vigil.core.alarm.Alarm;
import dev.vigil.core.alarm.AlarmStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A scheduled job that failed or was skipped is an alarm of the controller; its next good run clears it. */
class JobAlarmsTest {
    @TempDir
    Path state;

    private static RunRecords.Run run(String job, String outcome, Integer code) {
        return new RunRecords.Run(job, "daily-routine", "schedule", "2026-12-02T01:00:00Z", "2026-12-02T01:00:00Z", "2026-12-02T01:00:05Z", 3L,
                code, outcome, null, "ctl-1", outcome.equals("PASS") ? null : "step health FAIL");
    }

    @Test
    void aFailedJobRaises_aSkippedOneWarns_aGoodRunClears() throws Exception {
        RunRecords records = new RunRecords(state);
        records.append(run("daily-routine", "FAIL", 2));
        records.append(run("weekly-full-backup", "SKIPPED", null));
        Map<String, Alarm> alarms = new AlarmStore(state.resolve("alarms")).read().alarms();
        assertThat(alarms.get("schedule/ctl-1/job daily-routine").state()).isEqualTo(Alarm.State.FIRING);
        assertThat(alarms.get("schedule/ctl-1/job daily-routine").severity()).isEqualTo("critical");
        assertThat(alarms.get("schedule/ctl-1/job weekly-full-backup").severity()).isEqualTo("warning");
        records.append(run("daily-routine", "PASS", 0));
        alarms = new AlarmStore(state.resolve("alarms")).read().alarms();
        assertThat(alarms.get("schedule/ctl-1/job daily-routine").state()).isEqualTo(Alarm.State.CLEARED);
        assertThat(alarms.get("schedule/ctl-1/job weekly-full-backup").state()).as("another job: untouched").isEqualTo(Alarm.State.FIRING);
        assertThat(records.all()).hasSize(3);
    }

    @Test
    void aJobThatOverranItsPeriodIsAWarning() throws Exception {
        RunRecords records = new RunRecords(state);
        records.append(new RunRecords.Run("alarm-scan", "alarm-scan", "schedule", "2026-12-02T01:00:00Z", "2026-12-02T01:00:00Z",
                "2026-12-02T01:07:00Z", 0L, 0, "PASS", null, "ctl-1", null, true, null));
        Alarm a = new AlarmStore(state.resolve("alarms")).read().alarms().get("schedule/ctl-1/job alarm-scan");
        assertThat(a.severity()).isEqualTo("warning");
        assertThat(a.summary()).contains("overran its period");
        records.append(new RunRecords.Run("alarm-scan", "alarm-scan", "schedule", "2026-12-02T01:10:00Z", "2026-12-02T01:10:00Z",
                "2026-12-02T01:11:00Z", 0L, 0, "PASS", null, "ctl-1", null, false, null));
        assertThat(new AlarmStore(state.resolve("alarms")).read().alarms().get("schedule/ctl-1/job alarm-scan").state()).isEqualTo(Alarm.State.CLEARED);
    }
}
