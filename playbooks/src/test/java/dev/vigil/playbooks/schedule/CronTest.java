package dev.vigil.playbooks.schedule;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CronTest {
    @Test
    void fiveFieldCronIsConverted() {
        assertThat(Cron.toQuartz("0 1 * * 1-6")).isEqualTo("0 0 1 ? * 2-7");
        assertThat(Cron.toQuartz("0 1 * * 0")).isEqualTo("0 0 1 ? * 1");
        assertThat(Cron.toQuartz("0 1 * * 7")).isEqualTo("0 0 1 ? * 1");
        assertThat(Cron.toQuartz("*/5 * * * *")).isEqualTo("0 */5 * * * ?");
        assertThat(Cron.toQuartz("30 2 15 * *")).isEqualTo("0 30 2 15 * ?");
        assertThat(Cron.toQuartz("0 1 * * MON-SAT")).isEqualTo("0 0 1 ? * MON-SAT");
        assertThat(Cron.toQuartz("0 0 1 ? * SUN")).isEqualTo("0 0 1 ? * SUN");
    }

    @Test
    void theWrongFieldIsNamed() {
        assertThatThrownBy(() -> Cron.toQuartz("0 0 25 * * ?")).hasMessageContaining("hours");
        assertThatThrownBy(() -> Cron.toQuartz("61 * * * *")).hasMessageContaining("minute");
        assertThatThrownBy(() -> Cron.toQuartz("0 1 * * 9")).hasMessageContaining("day-of-week");
        assertThatThrownBy(() -> Cron.toQuartz("0 1 2 * 3")).hasMessageContaining("day-of-month and day-of-week");
        assertThatThrownBy(() -> Cron.toQuartz("* * *")).hasMessageContaining("3 fields");
        assertThatThrownBy(() -> Cron.toQuartz("0 0 1 ? * FUNDAY")).hasMessageContaining("day-of-week");
    }

    @Test
    void crontabLinesRoundTrip() {
        for (String c : List.of("0 1 * * 1-6", "*/5 * * * *", "30 2 15 * *", "0 1 * * 0")) {
            String back = Cron.toCrontab(Cron.toQuartz(c));
            assertThat(Cron.toQuartz(back)).isEqualTo(Cron.toQuartz(c));
        }
        assertThat(Cron.toCrontab("*/2 * * * * ?")).isNull();
    }

    @Test
    void firesInAWindow() {
        TimeZone utc = TimeZone.getTimeZone("UTC");
        List<Date> f = Daemon.fires("0 0 1 ? * MON-SAT", utc, Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-23T12:00:00Z"), 10);
        // Fri 20, Sat 21, (Sun 22 is the weekly full's), Mon 23
        assertThat(f).extracting(Date::toInstant).containsExactly(Instant.parse("2026-11-20T01:00:00Z"), Instant.parse("2026-11-21T01:00:00Z"),
                Instant.parse("2026-11-23T01:00:00Z"));
    }

    @Test
    void defaultsFollowThePlatformAndCanBeSwitchedOffOrChanged() {
        ScheduleConfig d = ScheduleConfig.defaultsOnly();
        assertThat(d.enabledJobs()).containsKeys("daily-incremental-backup", "weekly-full-backup", "daily-routine", "alarm-scan", "blackbox-collection");
        ScheduleConfig c = new ScheduleConfig(null, null, null, null, null, java.util.Map.of(
                "alarm-scan", new ScheduleConfig.JobConfig(null, null, null, null, false),
                "daily-routine", new ScheduleConfig.JobConfig("0 */2 * * *", null, null, null, null)));
        assertThat(c.enabledJobs()).doesNotContainKey("alarm-scan");
        assertThat(c.enabledJobs().get("daily-routine").quartz()).isEqualTo("0 0 */2 * * ?");
        assertThat(c.enabledJobs().get("daily-routine").playbook()).isEqualTo("daily-routine");
        assertThatThrownBy(() -> new ScheduleConfig(null, null, null, null, null, java.util.Map.of(
                "x", new ScheduleConfig.JobConfig("0 61 * * * ?", "daily-routine", null, null, null)))).hasMessageContaining("job 'x'").hasMessageContaining("minutes");
    }
}
