package dev.vigil.playbooks.schedule;

import dev.vigil.core.config.SecretRef;
import dev.vigil.core.state.StateDir;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.listeners.TriggerListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler daemon: Quartz, in the foreground, with the jobs of vigil.yaml's {@code schedules}.
 * - A job never overlaps itself (@DisallowConcurrentExecution).
 * - Memory store: a fire missed while the daemon was down (it writes a heartbeat every 30 s) runs
 *   once on start if it is less than the grace late; older ones are skipped and recorded so.
 * - JDBC store (PostgreSQL), clustered: two daemons share the schedules; each fire runs once; when
 *   one dies, the other recovers its fires. Quartz's misfire threshold is the grace: a fire later
 *   than that is skipped and recorded.
 * - Stop: no new fires start, running jobs get the shutdown grace, then the daemon ends.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);
    static final String GROUP = "vigil";
    static final String RUNNER = "vigil.runner";
    static final String RECORDS = "vigil.records";

    private final ScheduleConfig config;
    /** The jobs as scheduled: the enabled ones, partitioned jobs split into one job per partition. */
    private final Map<String, ScheduleConfig.JobConfig> jobs;
    private final Path stateDir;
    private final JobRunner runner;
    private final Map<String, String> env;
    private final RunRecords records;
    private Scheduler scheduler;
    private ScheduledExecutorService heartbeat;

    public Daemon(ScheduleConfig config, Path stateDir, JobRunner runner, Map<String, String> env) {
        this(config, config.enabledJobs(), stateDir, runner, env);
    }

    /** jobs: what to schedule (see {@link Partitions#expand}). */
    public Daemon(ScheduleConfig config, Map<String, ScheduleConfig.JobConfig> jobs, Path stateDir, JobRunner runner, Map<String, String> env) {
        this.config = config;
        this.jobs = Map.copyOf(jobs);
        this.stateDir = stateDir;
        this.runner = runner;
        this.env = env;
        this.records = new RunRecords(stateDir);
    }

    public RunRecords records() {
        return records;
    }

    /** Starts firing; returns at once. */
    public void start() throws SchedulerException, IOException {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "vigil");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(Math.max(2, Math.min(10, jobs.size()))));
        p.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(config.graceDuration().toMillis()));
        if (config.store().equals("jdbc")) {
            jdbc(p);
        } else {
            p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        }
        scheduler = new StdSchedulerFactory(p).getScheduler();
        scheduler.getContext().put(RUNNER, runner);
        scheduler.getContext().put(RECORDS, records);
        scheduler.getContext().put(ConfigHolder.KEY, new ConfigHolder(jobs));
        scheduler.getListenerManager().addTriggerListener(new MisfireRecorder(records, config.graceDuration()));
        schedule();
        if (!config.store().equals("jdbc")) {
            catchUp();
            startHeartbeat();
        }
        scheduler.start();
    }

    private void jdbc(Properties p) throws IOException {
        ScheduleConfig.Jdbc j = config.jdbc();
        String password = null;
        SecretRef ref = SecretRef.ofEither(j.passwordEnv(), j.passwordFile(), "schedules.jdbc password");
        if (ref != null) {
            password = new String(ref.resolve(env));
        }
        ensureTables(j.url(), j.user(), password);
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", "vigil");
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", String.valueOf(j.clustered()));
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", System.getProperty("vigil.schedule.checkin", "5000"));
        p.setProperty("org.quartz.scheduler.instanceId", j.instanceId() == null ? "AUTO" : j.instanceId());
        p.setProperty("org.quartz.dataSource.vigil.provider", "hikaricp");
        p.setProperty("org.quartz.dataSource.vigil.driver", "org.postgresql.Driver");
        p.setProperty("org.quartz.dataSource.vigil.URL", j.url());
        if (j.user() != null) {
            p.setProperty("org.quartz.dataSource.vigil.user", j.user());
        }
        if (password != null) {
            p.setProperty("org.quartz.dataSource.vigil.password", password);
        }
        p.setProperty("org.quartz.dataSource.vigil.maxConnections", String.valueOf(j.poolSize() == null ? 5 : j.poolSize()));
    }

    /** Creates Quartz's tables when the database has none (the DROP statements of Quartz's script are left out). */
    static void ensureTables(String url, String user, String password) throws IOException {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            if (tablesExist(c)) {
                return;
            }
            String ddl;
            try (InputStream in = org.quartz.impl.jdbcjobstore.JobStoreTX.class.getResourceAsStream("tables_postgres.sql")) {
                ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(74201)"); // two daemons starting together create them once
                if (!tablesExist(c)) {
                    for (String stmt : ddl.replaceAll("(?m)^--.*$", "").split(";")) {
                        String t = stmt.strip();
                        if (!t.isEmpty() && !t.toUpperCase(java.util.Locale.ROOT).startsWith("DROP ") && !t.equalsIgnoreCase("commit")) {
                            s.execute(t);
                        }
                    }
                    log.info("created Quartz's tables in {}", url);
                }
            }
            c.commit();
        } catch (java.sql.SQLException e) {
            throw new IOException("schedules.jdbc: " + e.getMessage(), e);
        }
    }

    private static boolean tablesExist(Connection c) throws java.sql.SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, null, "qrtz_locks", null)) {
            return rs.next();
        }
    }

    /** Adds, updates or removes jobs so the store matches the configuration; an unchanged trigger is left alone. */
    private void schedule() throws SchedulerException {
        TimeZone zone = config.zone();
        Set<JobKey> existing = scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP));
        for (JobKey k : existing) {
            if (!jobs.containsKey(k.getName())) {
                scheduler.deleteJob(k);
                log.info("job {} removed (no longer configured)", k.getName());
            }
        }
        for (Map.Entry<String, ScheduleConfig.JobConfig> e : jobs.entrySet()) {
            String name = e.getKey();
            String cron = e.getValue().quartz();
            // a fire whose daemon died mid-run is run again by the other daemon (clustered store)
            JobDetail job = JobBuilder.newJob(VigilJob.class).withIdentity(name, GROUP).storeDurably().requestRecovery()
                    .usingJobData("playbook", e.getValue().playbook()).build();
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity(name, GROUP).forJob(job)
                    .withSchedule(CronScheduleBuilder.cronSchedule(cron).inTimeZone(zone).withMisfireHandlingInstructionDoNothing()).build();
            TriggerKey key = TriggerKey.triggerKey(name, GROUP);
            Trigger current = scheduler.getTrigger(key);
            if (same(current, cron, zone)) {
                continue;
            }
            scheduler.addJob(job, true);
            if (current == null) {
                try {
                    scheduler.scheduleJob(trigger);
                } catch (org.quartz.ObjectAlreadyExistsException raced) {
                    // a daemon sharing the store added it in the same instant: keep its trigger if it is the same
                    if (!same(scheduler.getTrigger(key), cron, zone)) {
                        scheduler.rescheduleJob(key, trigger);
                    }
                }
            } else {
                scheduler.rescheduleJob(key, trigger);
            }
        }
    }

    private static boolean same(Trigger t, String cron, TimeZone zone) {
        return t instanceof CronTrigger ct && ct.getCronExpression().equals(cron) && ct.getTimeZone().hasSameRules(zone);
    }

    private Path heartbeatFile() {
        return new StateDir(stateDir).schedule().resolve("heartbeat");
    }

    private void startHeartbeat() throws IOException {
        beat();
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleAtFixedRate(() -> {
            try {
                beat();
            } catch (IOException e) {
                log.warn("cannot write the heartbeat: {}", e.getMessage());
            }
        }, 30, 30, TimeUnit.SECONDS);
    }

    private void beat() throws IOException {
        dev.vigil.core.state.PrivateFiles.dirs(heartbeatFile().getParent());
        if (!Files.exists(heartbeatFile())) {
            dev.vigil.core.state.PrivateFiles.writeString(heartbeatFile(), "vigil daemon heartbeat\n");
        }
        Files.setLastModifiedTime(heartbeatFile(), FileTime.from(Instant.now()));
    }

    /** Memory store: what was due while the daemon was down runs once if within the grace; the rest is recorded as skipped. */
    private void catchUp() throws IOException, SchedulerException {
        if (!Files.exists(heartbeatFile())) {
            return;
        }
        Instant since = Files.getLastModifiedTime(heartbeatFile()).toInstant();
        Instant now = Instant.now();
        for (Map.Entry<String, ScheduleConfig.JobConfig> e : jobs.entrySet()) {
            List<Date> missed = fires(e.getValue().quartz(), config.zone(), since, now, 10_000);
            if (missed.isEmpty()) {
                continue;
            }
            Date last = missed.get(missed.size() - 1);
            Duration late = Duration.between(last.toInstant(), now);
            if (late.compareTo(config.graceDuration()) <= 0) {
                log.info("job {}: {} fire(s) missed while the daemon was down; the last, due {}, runs now", e.getKey(), missed.size(), last.toInstant());
                Trigger once = TriggerBuilder.newTrigger().withIdentity(e.getKey() + "-catch-up-" + last.getTime(), GROUP)
                        .forJob(JobKey.jobKey(e.getKey(), GROUP)).usingJobData("catch_up_for", last.getTime()).startNow().build();
                scheduler.scheduleJob(once);
            } else {
                log.warn("job {}: missed while the daemon was down, due {} ({} late, more than the grace {}): skipped", e.getKey(),
                        last.toInstant(), dev.vigil.core.config.Durations.format(late), config.grace());
                records.append(new RunRecords.Run(e.getKey(), e.getValue().playbook(), "catch-up", last.toInstant().toString(), null, null,
                        null, null, "SKIPPED", null, dev.vigil.core.state.Controller.hostName(), "missed while the daemon was down; " + dev.vigil.core.config.Durations.format(late)
                        + " late, more than the grace " + config.grace()));
            }
        }
    }

    /** The fire times of a Quartz expression in (from, to]. */
    public static List<Date> fires(String quartz, TimeZone zone, Instant from, Instant to, int max) {
        CronExpression c = Cron.expression(quartz, zone);
        List<Date> out = new ArrayList<>();
        Date d = c.getNextValidTimeAfter(Date.from(from));
        while (d != null && !d.toInstant().isAfter(to) && out.size() < max) {
            out.add(d);
            d = c.getNextValidTimeAfter(d);
        }
        return out;
    }

    /** The next {@code n} fire times after now. */
    public static List<Date> next(String quartz, TimeZone zone, int n) {
        CronExpression c = Cron.expression(quartz, zone);
        List<Date> out = new ArrayList<>();
        Date d = new Date();
        for (int i = 0; i < n; i++) {
            d = c.getNextValidTimeAfter(d);
            if (d == null) {
                break;
            }
            out.add(d);
        }
        return out;
    }

    /** Stops: no new fires, running jobs get {@code grace}, then Quartz is shut down. */
    public void stop(Duration grace) {
        if (scheduler == null) {
            return;
        }
        try {
            scheduler.standby();
            long deadline = System.nanoTime() + grace.toNanos();
            while (!scheduler.getCurrentlyExecutingJobs().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            List<JobExecutionContext> still = scheduler.getCurrentlyExecutingJobs();
            if (!still.isEmpty()) {
                log.warn("stopping with {} job(s) still running after the grace of {}: {}", still.size(),
                        dev.vigil.core.config.Durations.format(grace), still.stream().map(c -> c.getJobDetail().getKey().getName()).toList());
            }
            scheduler.shutdown(false);
            if (heartbeat != null) {
                heartbeat.shutdownNow();
                beat();
            }
        } catch (SchedulerException | IOException e) {
            log.warn("stopping the scheduler: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(config.shutdownGraceDuration());
    }

    /** One fire of one job: runs its playbook through the runner and records the run. */
    @DisallowConcurrentExecution
    public static final class VigilJob implements Job {
        @Override
        public void execute(JobExecutionContext ctx) {
            String name = ctx.getJobDetail().getKey().getName();
            Instant started = Instant.now();
            JobRunner runner;
            RunRecords records;
            ScheduleConfig.JobConfig cfg;
            try {
                runner = (JobRunner) ctx.getScheduler().getContext().get(RUNNER);
                records = (RunRecords) ctx.getScheduler().getContext().get(RECORDS);
                cfg = ((ConfigHolder) ctx.getScheduler().getContext().get(ConfigHolder.KEY)).jobs().get(name);
            } catch (SchedulerException e) {
                log.error("job {}: no runner: {}", name, e.getMessage());
                return;
            }
            boolean catchUp = ctx.getMergedJobDataMap().containsKey("catch_up_for");
            boolean recovering = ctx.isRecovering();
            Instant scheduled = catchUp ? Instant.ofEpochMilli(ctx.getMergedJobDataMap().getLong("catch_up_for"))
                    : recovering ? recoveredFire(ctx.getMergedJobDataMap())
                    : ctx.getScheduledFireTime().toInstant();
            if (cfg == null) {
                log.warn("job {} fired but is not configured here; skipped", name);
                return;
            }
            log.info("job {} starts (due {}{})", name, scheduled, catchUp ? ", missed while the daemon was down" : "");
            JobRunner.Result r;
            try {
                r = runner.run(name, cfg);
            } catch (RuntimeException e) {
                r = new JobRunner.Result(3, null, e.toString());
            }
            Instant finished = Instant.now();
            log.info("job {} ended: {} (exit {}){}", name, r.outcome(), r.exitCode(), r.report() == null ? "" : ", report " + r.report());
            try {
                // a run that ends after its next fire was due overran its period (the next one starts late or is skipped)
                java.util.Date next = ctx.getNextFireTime();
                boolean overran = next != null && finished.isAfter(next.toInstant());
                records.append(new RunRecords.Run(name, cfg.playbook(), catchUp ? "catch-up" : recovering ? "recovered" : "schedule",
                        scheduled.toString(), started.toString(), finished.toString(),
                        catchUp || recovering ? null : Duration.between(scheduled, started).toMillis(), r.exitCode(), r.outcome(),
                        r.report(), dev.vigil.core.state.Controller.hostName(), r.message(), overran, daemonId(ctx)));
            } catch (IOException e) {
                log.error("job {}: cannot record the run: {}", name, e.getMessage());
            }
        }
    }

    /**
     * When a recovered fire was due: its scheduled time (the dead daemon fired it a few ms later; the run
     * belongs to the fire it completes), else the time it was fired.
     */
    static Instant recoveredFire(org.quartz.JobDataMap data) {
        String scheduled = data.getString(org.quartz.Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS);
        return Instant.ofEpochMilli(Long.parseLong(scheduled != null ? scheduled
                : data.getString(org.quartz.Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_FIRETIME_IN_MILLISECONDS)));
    }

    /** The daemon's Quartz instance id (host and start time, or schedules.jdbc.instance_id): which daemon of a cluster ran a fire. */
    private static String daemonId(JobExecutionContext ctx) {
        try {
            return ctx.getScheduler().getSchedulerInstanceId();
        } catch (SchedulerException e) {
            return null;
        }
    }

    /** The configured jobs, in the scheduler's context (not in the job store: each daemon reads its own vigil.yaml). */
    record ConfigHolder(Map<String, ScheduleConfig.JobConfig> jobs) {
        static final String KEY = "vigil.jobs";
    }

    /** Records fires Quartz skipped because they were more than the grace late. */
    private static final class MisfireRecorder extends TriggerListenerSupport {
        private final RunRecords records;
        private final Duration grace;

        MisfireRecorder(RunRecords records, Duration grace) {
            this.records = records;
            this.grace = grace;
        }

        @Override
        public String getName() {
            return "vigil-misfires";
        }

        @Override
        public void triggerMisfired(Trigger trigger) {
            String job = trigger.getJobKey().getName();
            log.warn("job {}: a fire was more than the grace {} late; skipped", job, dev.vigil.core.config.Durations.format(grace));
            try {
                records.append(new RunRecords.Run(job, null, "schedule", trigger.getNextFireTime() == null ? null
                        : trigger.getNextFireTime().toInstant().toString(), null, null, null, null, "SKIPPED", null, dev.vigil.core.state.Controller.hostName(),
                        "more than the grace " + dev.vigil.core.config.Durations.format(grace) + " late"));
            } catch (IOException e) {
                log.error("cannot record a misfire: {}", e.getMessage());
            }
        }
    }
}
