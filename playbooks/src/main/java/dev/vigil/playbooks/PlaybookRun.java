package dev.vigil.playbooks;

import dev.vigil.core.action.Action;
import dev.vigil.core.action.Actions;
import dev.vigil.core.error.VigilException;
import dev.vigil.core.inventory.HostPattern;
import dev.vigil.core.result.Finding;
import dev.vigil.core.result.RunResult;
import dev.vigil.core.result.Status;
import dev.vigil.core.session.Session;
import dev.vigil.core.state.AtomicFiles;
import dev.vigil.core.state.PrivateFiles;
import dev.vigil.core.state.StateDir;
import dev.vigil.playbooks.schedule.JobRunner;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The use case behind {@code vigil playbook run} and every scheduled job: a validated playbook run
 * over its nodes, step by step through the features' registered actions, its checklist kept as JSON
 * in the state dir whatever happened.
 */
public final class PlaybookRun {

    private PlaybookRun() {
    }

    /** Every action a playbook may use: each feature's (registered), plus confirm and wait. */
    public static Map<String, Action> actions(Session session) {
        Map<String, Action> all = Actions.load(session, List.of(BuiltInActions.confirm()));
        Action exec = all.get("exec");
        if (exec == null) {
            throw new IllegalStateException("no exec action registered (vigil-core is not on the class path?)");
        }
        Action wait = BuiltInActions.waitFor(exec);
        if (all.putIfAbsent(wait.name(), wait) != null) {
            throw new IllegalStateException("two playbook actions are named '" + wait.name() + "'");
        }
        return all;
    }

    /** The nodes a run works on: the session's selection, else the playbook's targets (all: none). */
    public static String limitFor(Session session, Playbook p) {
        String limit = session.limit() != null ? session.limit() : p.targets() == null || p.targets().equals("all") ? null : p.targets();
        if (limit != null) {
            HostPattern.select(session.inventory(), limit); // a pattern matching nothing fails now, not at step 3
        }
        return limit;
    }

    /** A run's checklist and where it was kept. */
    /** The checklist and where it was kept; the exit code is the worst step's (0 PASS or SKIPPED, 1 WARN, 2 FAIL). */
    public record Result(Checklist checklist, Path saved) implements RunResult {
        @Override
        public Status status() {
            return switch (checklist.worst()) {
                case PASS, SKIPPED -> Status.OK;
                case WARN -> Status.WARN;
                case FAIL -> Status.CRIT;
            };
        }

        @Override
        public String summary() {
            return checklist.summary();
        }

        /** One finding per step: PASS and SKIPPED OK, WARN WARN, FAIL CRIT, with the step's reason. */
        @Override
        public List<Finding> findings(String item) {
            return checklist.steps().stream().map(s -> new Finding(checklist.playbook(), s.name(), switch (s.status()) {
                case PASS, SKIPPED -> Status.OK;
                case WARN -> Status.WARN;
                case FAIL -> Status.CRIT;
            }, s.status() + (s.reason() == null ? "" : ": " + s.reason()), List.of(), List.of(), s.durationMs())).toList();
        }

        @Override
        public String text(String title) {
            return checklist.render("table");
        }

        @Override
        public String ownFormat(String format) {
            return List.of("junit", "markdown", "html").contains(format) ? checklist.render(format) : null;
        }

        @com.fasterxml.jackson.annotation.JsonValue
        public com.fasterxml.jackson.databind.JsonNode document() {
            return checklist.tree();
        }

        @Override
        public int exitCode() {
            return checklist.exitCode();
        }
    }

    public static Result run(Session session, Playbook p, Map<String, Action> actions, boolean yes, Action.Confirmer confirmer, PrintWriter log,
                             PlaybookRunner.Listener listener) throws IOException {
        String limit = limitFor(session, p);
        Checklist c = PlaybookRunner.run(p, actions, limit, yes, confirmer, log, listener);
        Path dir = PrivateFiles.dirs(new StateDir(session.stateDir().ensure()).playbookReports());
        Path f = dir.resolve(c.playbook() + "-" + dev.vigil.core.text.Stamps.seconds(Instant.parse(c.started())) + ".json");
        AtomicFiles.write(f, c.render("json").getBytes(StandardCharsets.UTF_8));
        return new Result(c, f);
    }

    /**
     * The daemon's and {@code schedule run-now}'s runner: a job's playbook with its selection and vars,
     * nobody to confirm, its checklist also written under the state dir's schedule/reports. A playbook that
     * does not validate is exit 64 with the reason; the run's own exit code is the worst step's.
     */
    public static JobRunner jobRunner(Session session) {
        return (job, cfg) -> {
            Path report = null;
            try {
                Path reports = PrivateFiles.dirs(new StateDir(session.stateDir().ensure()).schedule().resolve("reports"));
                // a partition's name holds a label value from the inventory: never a path
                report = reports.resolve(job.replaceAll("[^A-Za-z0-9._=@-]", "_") + "-" + dev.vigil.core.text.Stamps.seconds(Instant.now()) + ".json");
                // every job reads the config and the inventory afresh, as a separate run would: the daemon lives for weeks
                Session job0 = session.fresh();
                Session s = job0.withLimit(cfg.limit()).quiet(); // a job's nodes are its own limit, never the daemon's -l
                if (cfg.partition() != null) {
                    s = s.withPartition(cfg.partition()); // one partition of a job shared by a cluster of daemons
                }
                Map<String, Action> actions = actions(s);
                Playbook p = Playbooks.load(cfg.playbook(), actions, cfg.vars() == null ? Map.of() : cfg.vars());
                Result r = run(s, p, actions, false, question -> null, new PrintWriter(PrintWriter.nullWriter()), PlaybookRunner.Listener.NONE);
                AtomicFiles.write(report, r.checklist().render("json").getBytes(StandardCharsets.UTF_8));
                return new JobRunner.Result(r.checklist().exitCode(), report.toString(), null);
            } catch (VigilException e) {
                return new JobRunner.Result(e.exitCode().code(), null, e.getMessage().lines().findFirst().orElse(""));
            } catch (IOException | RuntimeException e) {
                return new JobRunner.Result(3, report != null && java.nio.file.Files.exists(report) ? report.toString() : null, e.toString());
            }
        };
    }
}
