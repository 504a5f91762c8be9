package dev.vigil.playbooks.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.state.StateDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Every scheduled run, as one JSON line in {@code <state dir>/schedule/runs.jsonl} (0600): the job,
 * when it was due, when it started and ended, how it went, and where its report is. Appended
 * under a file lock, so run-now from a shell and the daemon can both write.
 */
public final class RunRecords {
    static final ObjectMapper JSON = dev.vigil.core.config.Yaml.recordMapper();

    /** outcome: PASS, WARN, FAIL (the playbook's worst step), ERROR (could not run), SKIPPED (missed by more than the grace). */
    /** overran: the run ended after the job's next fire was due (the daemon knows; null elsewhere). */
    /** daemon: the Quartz instance id of the daemon that ran it (several may share one store), null elsewhere. */
    public record Run(String job, String playbook, String trigger, String scheduled, String started, String finished, Long delayMs,
                      Integer exitCode, String outcome, String report, String host, String message, Boolean overran, String daemon) {
        public Run(String job, String playbook, String trigger, String scheduled, String started, String finished, Long delayMs,
                   Integer exitCode, String outcome, String report, String host, String message) {
            this(job, playbook, trigger, scheduled, started, finished, delayMs, exitCode, outcome, report, host, message, null, null);
        }
    }

    private final Path file;
    private final Path alarms;

    public RunRecords(Path stateDir) {
        this.file = new StateDir(stateDir).schedule().resolve("runs.jsonl");
        this.alarms = new StateDir(stateDir).alarms();
    }

    public Path file() {
        return file;
    }

    public synchronized void append(Run run) throws IOException {
        if (!Files.isDirectory(file.getParent())) {
            Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        byte[] line = (JSON.writeValueAsString(run) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
             FileLock ignored = ch.lock()) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            ch.write(ByteBuffer.wrap(line));
            ch.force(false);
        }
        alarm(run);
    }

    /**
     * A job that failed (its playbook's worst step FAIL, or it could not run), was skipped or overran is an alarm of
     * the controller, item "job NAME"; its next good run clears it. The daemon delivers the store every minute.
     */
    private void alarm(Run run) {
        String host = run.host() != null ? run.host() : dev.vigil.core.state.Controller.hostName();
        String item = "job " + run.job();
        boolean failed = "FAIL".equals(run.outcome()) || "ERROR".equals(run.outcome()) || run.exitCode() != null && run.exitCode() >= 3;
        boolean bad = failed || "SKIPPED".equals(run.outcome()) || Boolean.TRUE.equals(run.overran());
        String what = Boolean.TRUE.equals(run.overran()) && !failed ? "overran its period (ended " + run.finished() + ", after the next fire)"
                : run.outcome();
        dev.vigil.core.alarm.Observation o = bad
                ? dev.vigil.core.alarm.Observation.bad("schedule", host, item, failed ? "critical" : "warning",
                        "job " + run.job() + " " + what + (run.message() == null ? "" : ": " + run.message()), java.util.Map.of(), run.report())
                : dev.vigil.core.alarm.Observation.good("schedule", host, item, "job " + run.job() + " " + run.outcome());
        try {
            new dev.vigil.core.alarm.AlarmStore(alarms).feed(List.of(o), java.time.Instant.now(), x -> 1);
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(RunRecords.class).warn("job {}: cannot update the alarm store: {}", run.job(), e.getMessage());
        }
    }

    /** Every run recorded, oldest first; a torn last line (a crash mid-write) is ignored. */
    public List<Run> all() throws IOException {
        List<Run> runs = new ArrayList<>();
        if (!Files.exists(file)) {
            return runs;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                runs.add(JSON.readValue(line, Run.class));
            } catch (IOException e) {
                // a line cut by a crash: the rest is still good
            }
        }
        return runs;
    }
}
