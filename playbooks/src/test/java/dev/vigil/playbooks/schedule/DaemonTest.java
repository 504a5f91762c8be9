package dev.vigil.playbooks.schedule;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The daemon with the memory store and a runner that only counts. */
class DaemonTest {
    @TempDir
    Path state;

    static ScheduleConfig config(String grace, String cron) {
        Map<String, ScheduleConfig.JobConfig> jobs = new java.util.LinkedHashMap<>();
        ScheduleConfig.DEFAULTS.keySet().forEach(k -> jobs.put(k, new ScheduleConfig.JobConfig(null, null, null, null, false)));
        jobs.put("tick", new ScheduleConfig.JobConfig(cron, "tick.yaml", null, null, null));
        return new ScheduleConfig(grace, "10s", "UTC", null, null, jobs);
    }

    /** As if the daemon was last alive this long ago. */
    private void lastAlive(Duration ago) throws Exception {
        Path hb = Files.createDirectories(state.resolve("schedule")).resolve("heartbeat");
        Files.writeString(hb, "x");
        Files.setLastModifiedTime(hb, FileTime.from(Instant.now().minus(ago)));
    }

    private static JobRunner counting(AtomicInteger runs) {
        return (job, cfg) -> {
            runs.incrementAndGet();
            return new JobRunner.Result(0, null, null);
        };
    }

    @Test
    void aJobNeverOverlapsItself_andEveryRunIsRecordedWithItsDelay() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        JobRunner slow = (job, cfg) -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(2200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            runs.incrementAndGet();
            return new JobRunner.Result(0, "r.json", null);
        };
        try (Daemon d = new Daemon(config("1h", "* * * * * ?"), state, slow, Map.of())) {
            d.start();
            Thread.sleep(5000);
            d.stop(Duration.ofSeconds(5));
        }
        assertThat(maxRunning.get()).isEqualTo(1);
        assertThat(runs.get()).isBetween(2, 3);
        List<RunRecords.Run> recorded = new RunRecords(state).all();
        assertThat(recorded).hasSize(runs.get()).allMatch(r -> r.outcome().equals("PASS") && r.trigger().equals("schedule"));
        assertThat(recorded.get(0).delayMs()).isLessThan(1000);
    }

    @Test
    void stopGivesARunningJobItsGrace() throws Exception {
        AtomicInteger finished = new AtomicInteger();
        JobRunner slow = (job, cfg) -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.incrementAndGet();
            return new JobRunner.Result(1, null, null);
        };
        Daemon d = new Daemon(config("1h", "* * * * * ?"), state, slow, Map.of());
        d.start();
        Thread.sleep(1300);
        d.stop(Duration.ofSeconds(10));
        int atStop = finished.get();
        Thread.sleep(2000);
        assertThat(atStop).isGreaterThanOrEqualTo(1);
        assertThat(finished.get()).isEqualTo(atStop); // nothing started after the stop
        assertThat(new RunRecords(state).all()).extracting(RunRecords.Run::outcome).containsOnly("WARN");
    }

    @Test
    void aFireMissedWhileDownRunsOnceWithinTheGrace() throws Exception {
        lastAlive(Duration.ofMinutes(3));
        AtomicInteger runs = new AtomicInteger();
        JobRunner count = counting(runs);
        // every minute at second 0: two or three fires were missed; one catch-up run, not three
        try (Daemon d = new Daemon(config("1h", "0 * * * * ?"), state, count, Map.of())) {
            d.start();
            Thread.sleep(1500);
            d.stop(Duration.ofSeconds(5));
        }
        List<RunRecords.Run> recorded = new RunRecords(state).all();
        assertThat(recorded.stream().filter(r -> r.trigger().equals("catch-up"))).hasSize(1);
        assertThat(recorded.stream().filter(r -> r.trigger().equals("catch-up")).findFirst().orElseThrow().outcome()).isEqualTo("PASS");
    }

    @Test
    void aFireMissedByMoreThanTheGraceIsSkippedAndRecorded() throws Exception {
        lastAlive(Duration.ofHours(5));
        AtomicInteger runs = new AtomicInteger();
        JobRunner count = counting(runs);
        // daily at 00:00 UTC... the last one missed is hours ago unless the test runs just after midnight: use a fixed
        // expression that fired 2 to 3 hours ago
        Instant due = Instant.now().minus(Duration.ofMinutes(150));
        java.time.ZonedDateTime z = due.atZone(java.time.ZoneOffset.UTC);
        String cron = "0 " + z.getMinute() + " " + z.getHour() + " * * ?";
        try (Daemon d = new Daemon(config("1h", cron), state, count, Map.of())) {
            d.start();
            Thread.sleep(1000);
            d.stop(Duration.ofSeconds(5));
        }
        assertThat(runs.get()).isZero();
        assertThat(new RunRecords(state).all()).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo("SKIPPED");
            assertThat(r.message()).contains("more than the grace 1h");
        });
    }

    @Test
    void aRecoveredFireBelongsToTheFireItWasScheduledFor_notTheMillisecondItWasFired() {
        org.quartz.JobDataMap data = new org.quartz.JobDataMap();
        data.put(org.quartz.Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_FIRETIME_IN_MILLISECONDS, "1764674540093");
        data.put(org.quartz.Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS, "1764674540000");
        assertThat(Daemon.recoveredFire(data)).isEqualTo(Instant.ofEpochMilli(1764674540000L));
        org.quartz.JobDataMap old = new org.quartz.JobDataMap();
        old.put(org.quartz.Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_FIRETIME_IN_MILLISECONDS, "1764674540093");
        assertThat(Daemon.recoveredFire(old)).isEqualTo(Instant.ofEpochMilli(1764674540093L));
    }
}
