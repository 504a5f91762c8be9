package dev.vigil.backup;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.backup.target.Target;
import dev.vigil.backup.target.Targets;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.error.VigilException;
import dev.vigil.core.fleet.FleetRunner;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Counts;
import dev.vigil.core.result.ExitCode;
import dev.vigil.core.result.Finding;
import dev.vigil.core.result.RunResult;
import dev.vigil.core.result.Status;
import dev.vigil.core.result.Table;
import dev.vigil.core.session.Session;
import dev.vigil.core.text.Plural;
import dev.vigil.core.text.Sizes;
import dev.vigil.core.text.TextBlock;
import dev.vigil.core.transport.Connections;
import dev.vigil.core.transport.Interruption;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The use case behind {@code vigil backup run}, the {@code backup} action and the nightly jobs: every
 * selected node backed up in parallel, then, when the run used the default target and made something
 * new, its new generations relayed on to {@code backup.relay_to}.
 */
public final class BackupRun {
    private BackupRun() {
    }

    /**
     * type: full, incremental, differential or pre-risk (which needs a reason); paths: an ad-hoc set
     * instead of the configured ones; target: a name or URL (null: the default); transfer: one node's
     * longest transfer (null: 4h).
     */
    public record Request(String type, String reason, List<String> paths, String target, Targets.Overrides overrides, boolean noRelay,
                          Duration transfer, boolean allowShrink, boolean alarms) {
        public static Request of(String type, String reason, List<String> paths, String target, boolean alarms) {
            return new Request(type, reason, paths, target, Targets.Overrides.NONE, false, null, false, alarms);
        }
    }

    /** relay: null when the run did not relay; relayError: why the relay failed, else null. */
    public record Result(Backups.RunResult run, boolean relayed, Relay.Result relay, String relayError) implements RunResult {
        @Override
        public Status status() {
            List<String> s = run.nodes().stream().map(Backups.NodeOutcome::status).toList();
            if (s.contains("failed") || relayError != null) {
                return Status.CRIT;
            }
            if (s.contains("unreachable")) {
                return Status.UNKNOWN;
            }
            return s.contains("warn") || s.contains("skipped") ? Status.WARN : Status.OK;
        }

        @Override
        public String summary() {
            String line = Counts.line(run.nodes().size() == 1 ? "node" : "nodes", run.nodes().stream().map(Backups.NodeOutcome::status).toList());
            return relayError == null ? line : line + "; relay failed: " + relayError;
        }

        /** One finding per node (ok, warn or skipped, unreachable, failed), and one for a relay that failed. */
        @Override
        public List<Finding> findings(String item) {
            List<Finding> out = new java.util.ArrayList<>();
            for (Backups.NodeOutcome n : run.nodes()) {
                Status st = switch (n.status()) {
                    case "ok" -> Status.OK;
                    case "warn", "skipped" -> Status.WARN;
                    case "unreachable" -> Status.UNKNOWN;
                    default -> Status.CRIT;
                };
                String msg = n.message() != null ? n.message() : n.generation() != null ? n.generation().id() : n.status();
                out.add(new Finding(n.node(), item, st, msg, List.of(), n.warnings(), n.durationMs()));
            }
            if (relayError != null) {
                out.add(new Finding("vigil", item + " relay", Status.CRIT, relayError, List.of(), List.of(), 0));
            }
            return out;
        }

        @JsonIgnore
        public List<Backups.NodeOutcome> nodes() {
            return run.nodes();
        }

        /** target, nodes, notes, pruned and (when it relayed) relay: copied and pruned, or error. */
        @JsonValue
        public JsonNode document() {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("target", run.target());
            doc.put("nodes", run.nodes());
            doc.put("notes", run.notes());
            doc.put("pruned", run.pruned());
            if (relayed) {
                doc.put("relay", relay != null ? relay : Map.of("error", relayError));
            }
            return Model.JSON.valueToTree(doc);
        }

        @Override
        public String text(String title) {
            return TextBlock.of(out -> {
                Table table = new Table("NODE", "STATUS", "GENERATION", "FILES", "SIZE", "TIME", "MESSAGE");
                for (Backups.NodeOutcome n : run.nodes()) {
                    Model.Generation g = n.generation();
                    String msg = n.message() != null ? n.message() : n.warnings().isEmpty() ? "" : Plural.of(n.warnings().size(), "warning") + ": " + n.warnings().get(0);
                    table.row(n.node(), n.status(), g == null ? "-" : g.id(), g == null ? "-" : g.files(), g == null ? "-" : Sizes.iec(g.size()),
                            String.format("%.1fs", n.durationMs() / 1000.0), msg);
                }
                out.print(table.render());
                run.notes().forEach(n -> out.println("note: " + n));
                out.println("target: " + run.target() + (run.pruned().isEmpty() ? "" : "; pruned " + Plural.of(run.pruned().size(), "old generation")));
                if (relay != null) {
                    out.println("relay: copied " + relay.copied().size() + ", pruned " + relay.pruned().size());
                }
                if (relayError != null) {
                    out.println("relay failed: " + relayError);
                }
            });
        }
    }

    public static Result run(Session session, Request r) {
        Model.Type t;
        try {
            t = Model.Type.parse(r.type());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (t == Model.Type.PRE_RISK && (r.reason() == null || r.reason().isBlank())) {
            throw new UsageException("a pre-risk backup needs --reason (what risky work it protects)");
        }
        BackupConfig cfg = BackupConfig.load(session.configPath());
        Function<Node, BackupConfig.BackupSet> sets;
        try {
            BackupConfig.BackupSet adhoc = r.paths() == null || r.paths().isEmpty() ? null : BackupConfig.BackupSet.ofPaths(r.paths());
            sets = adhoc != null ? n -> adhoc : cfg::setFor;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if ((r.paths() == null || r.paths().isEmpty()) && cfg.sets().isEmpty()) {
            throw new UsageException("no backup sets in vigil.yaml (backup.sets): give --paths P1,P2 or configure sets");
        }
        Duration transfer = r.transfer() != null ? r.transfer() : Duration.ofHours(4);
        Target tgt = target(session, cfg, r.target(), r.overrides());
        List<Node> nodes = session.selectedNodes();
        // nodes whose set is read from a share (vigil_backup_source) need no SSH; the others are read over SSH
        Map<String, dev.vigil.backup.target.SmbTarget> shares = new java.util.HashMap<>();
        for (Node n : nodes) {
            dev.vigil.backup.target.SmbTarget src = dev.vigil.backup.target.Targets.source(n, session.env());
            if (src != null) {
                shares.put(n.name(), src);
            }
        }
        Function<Node, ShareSource> sources = n -> shares.containsKey(n.name()) ? new ShareSource(shares.get(n.name())) : null;
        List<Node> overSsh = nodes.stream().filter(n -> !shares.containsKey(n.name())).toList();
        Backups.Request req = new Backups.Request(t, r.reason(), cfg.compressionSetting(), cfg.keep(), cfg.staleLock(), transfer,
                "backup run --type " + t.label(), r.allowShrink() ? 0 : cfg.minSizeRatio());
        Backups.RunResult result;
        try (Connections connections = session.connections(overSsh, false);
             Interruption ignored = Interruption.closes(connections)) {
            FleetRunner fleet = session.fleet(connections, transfer.plusMinutes(5), session.progress("backup"));
            result = Backups.run(tgt, nodes, sets, sources, req, fleet);
        } catch (IOException e) {
            throw failed(e);
        }
        // once all nodes are done, new generations go on to the third-party server, if one is configured
        boolean relay = cfg.relayTo() != null && !r.noRelay() && (r.target() == null || r.target().equals(cfg.target()))
                && result.nodes().stream().anyMatch(n -> n.generation() != null);
        Relay.Result relayed = null;
        String relayError = null;
        if (relay) {
            try {
                relayed = Relay.run(tgt, target(session, cfg, cfg.relayTo(), r.overrides()), cfg.keep(), cfg.staleLock(), null);
            } catch (IOException e) {
                relayError = e.getMessage();
            }
        }
        Result done = new Result(result, relay, relayed, relayError);
        if (r.alarms()) {
            // a node whose backup failed or was partial is an alarm; a good run clears it
            dev.vigil.core.alarm.Alarms.feed(session, "backup", done, "backup");
        }
        return done;
    }

    /** The target meant by a name or URL (null: the configured default, else the state dir's backups). */
    public static Target target(Session session, BackupConfig cfg, String nameOrUrl, Targets.Overrides overrides) {
        Target t = Targets.resolve(nameOrUrl, cfg, session.stateDir().ensure(), session.env(), overrides);
        for (String w : t.warnings()) {
            session.host().warn(w);
            org.slf4j.LoggerFactory.getLogger(BackupRun.class).warn(w);
        }
        return t;
    }

    /** A target that failed under a run: CRIT, with what it said. */
    public static VigilException failed(IOException e) {
        return new VigilException(ExitCode.CRITICAL, "backup: " + e.getMessage(), e);
    }
}
