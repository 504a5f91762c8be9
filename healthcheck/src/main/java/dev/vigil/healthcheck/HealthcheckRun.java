package dev.vigil.healthcheck;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.vigil.core.config.Durations;
import dev.vigil.core.fleet.FleetRunner;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Finding;
import dev.vigil.core.result.Report;
import dev.vigil.core.result.RunResult;
import dev.vigil.core.result.Status;
import dev.vigil.core.result.render.JsonRenderer;
import dev.vigil.core.session.Session;
import dev.vigil.core.transport.Connections;
import dev.vigil.core.transport.Interruption;
import dev.vigil.healthcheck.history.Baseline;
import dev.vigil.healthcheck.history.RunHistory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The use case behind {@code vigil healthcheck run}, the {@code healthcheck} action and the scheduled
 * checks: the run's whole environment (previous run, baseline, log window, alarms, two weeks of
 * history for trends), every selected check on every selected node, and the run kept when asked.
 */
public final class HealthcheckRun {
    private HealthcheckRun() {
    }

    /**
     * checks: only these (null or empty: all); save: keep the run in the history; since: scan logs this far
     * back (null: since the last saved run, else the config's logs.since, else 24h).
     */
    /** alarms: feed the findings to the alarm store (raise, update, clear what recovered) and deliver them. */
    /** clearSel: clear a BMC's event log that is hardware.sel_clear_at full, once its new entries are stored. */
    public record Request(List<String> checks, boolean save, Duration since, boolean alarms, boolean clearSel) {
        public Request {
            checks = checks == null ? List.of() : List.copyOf(checks);
        }

        public Request(List<String> checks, boolean save, Duration since, boolean alarms) {
            this(checks, save, since, alarms, false);
        }

        public Request(List<String> checks, boolean save, Duration since) {
            this(checks, save, since, false, false);
        }
    }

    /** The run's report; its JSON is the documented health check schema. */
    public record Result(Report report, dev.vigil.core.alarm.Alarms.Fed fed) implements RunResult {
        public Result(Report report) {
            this(report, null);
        }

        @Override
        public Status status() {
            return report.worst();
        }

        /** e.g. "20 nodes: 19 OK 1 WARN; worst: node-7 disk-space: /var 91% used". */
        @Override
        public String summary() {
            StringBuilder b = new StringBuilder(report.byNode().size() + (report.byNode().size() == 1 ? " node:" : " nodes:"));
            report.counts().forEach((s, n) -> {
                if (n > 0) {
                    b.append(' ').append(n).append(' ').append(s.name());
                }
            });
            Finding worst = null;
            for (Finding f : report.findings()) {
                if (f.status() != Status.OK && (worst == null || f.status().severity() > worst.status().severity())) {
                    worst = f;
                }
            }
            String line = worst == null ? b.toString() : b + "; worst: " + worst.node() + " " + worst.item() + ": " + worst.message();
            return fed == null ? line : line + "; alarms: " + dev.vigil.core.alarm.Event.counts(fed.events());
        }

        @Override
        public List<Finding> findings(String item) {
            return report.findings();
        }

        /** The run's own report: its id, times and trend series, for every format. */
        @Override
        public Report report(String title) {
            return report;
        }

        @JsonValue
        public Map<String, Object> document() {
            return JsonRenderer.document(report);
        }
    }

    /** Duration of one node's whole exam with these many checks, for the fleet's hard per-node deadline. */
    public static Duration nodeWork(HealthcheckConfig cfg, int checks) {
        return HealthcheckRunner.nodeWork(new Settings(cfg, Node.localhost()), checks);
    }

    public static Result run(Session session, Request request) throws IOException {
        HealthcheckConfig cfg = HealthcheckConfig.forSession(session);
        Checks.Selection selection = Checks.builtIn().select(request.checks().isEmpty() ? null : request.checks());
        List<Node> nodes = session.selectedNodes();
        Path state = session.stateDir().root();
        Instant start = Instant.now();
        RunHistory history = new RunHistory(state);
        RunHistory.SavedRun previous = history.latestOrNull();
        Instant logsSince = logsSince(cfg, request.since(), previous, start);
        AlarmSources.Fetched alarms = selection.checks().stream().anyMatch(Check::usesAlarms)
                ? AlarmSources.fetch(cfg.alarms(), state, session.env()) : new AlarmSources.Fetched(List.of(), null);
        boolean outOfBand = selection.checks().stream().anyMatch(Check::outOfBand);
        RunEnvironment env = new RunEnvironment(start, previous, Baseline.load(state), logsSince, alarms.alarms(), alarms.error(),
                outOfBand ? dev.vigil.core.bmc.BmcReaders.installed(session) : dev.vigil.core.bmc.BmcReaders.none(),
                session.stateDir().bmcEvents(), request.clearSel(), new RunEnvironment.BmcScope(
                        selection.checks().stream().anyMatch(c -> c instanceof dev.vigil.healthcheck.checks.BmcSensorsCheck),
                        selection.checks().stream().anyMatch(c -> c instanceof dev.vigil.healthcheck.checks.BmcEventsCheck)));
        List<Report> past = new ArrayList<>();
        history.since(start.minus(Duration.ofDays(14))).forEach(r -> past.add(r.report()));
        Report report;
        try (Connections connections = session.connections(nodes, false);
             Interruption ignored = Interruption.closes(connections)) {
            FleetRunner fleet = session.fleet(connections, nodeWork(cfg, selection.checks().size()), session.progress("healthcheck"));
            report = new HealthcheckRunner(cfg, selection, env, past).run(HealthcheckRunner.newRunId(start), nodes, fleet);
        }
        Path saved = request.save() ? history.save(report) : null;
        // the alarms check reads other systems' alarms: what it finds is theirs, never raised again here
        dev.vigil.core.alarm.Alarms.Fed fed = request.alarms() ? dev.vigil.core.alarm.Alarms.feed(session, dev.vigil.core.alarm.Alarms.observations(
                "healthcheck", report.findings(), java.util.Set.of("alarms"), saved == null ? null : saved.toString())) : null;
        return new Result(report, fed);
    }

    private static Instant logsSince(HealthcheckConfig cfg, Duration since, RunHistory.SavedRun previous, Instant now) {
        if (since != null) {
            return now.minus(since);
        }
        if (previous != null) {
            return previous.report().start();
        }
        String d = cfg.logs() != null && cfg.logs().since() != null ? cfg.logs().since() : "24h";
        return now.minus(Durations.parse(d));
    }
}
