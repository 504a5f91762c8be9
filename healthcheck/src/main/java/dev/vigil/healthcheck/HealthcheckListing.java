package dev.vigil.healthcheck;

import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Listing;
import dev.vigil.core.result.Report;
import dev.vigil.core.result.Status;
import dev.vigil.core.result.Table;
import dev.vigil.core.session.Session;
import dev.vigil.core.state.StateDir;
import dev.vigil.healthcheck.history.RunHistory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The use cases behind {@code vigil healthcheck list} (the registry's checks) and {@code history} (the saved runs). */
public final class HealthcheckListing {
    private HealthcheckListing() {
    }

    /** Every check, what it looks at and its thresholds as configured, before group and node overrides. */
    public static Listing checks(Session session) {
        Settings s = new Settings(HealthcheckConfig.load(session.configPath()), Node.localhost());
        List<Map<String, Object>> rows = new ArrayList<>();
        Table t = new Table("CHECK", "LOOKS AT", "THRESHOLDS");
        for (CheckInfo c : Checks.builtIn().described()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("looks_at", c.description());
            m.put("thresholds", c.describe(s));
            rows.add(m);
            t.row(c.name(), c.description(), c.describe(s));
        }
        return Listing.of(rows.size() + " checks", rows, t.render());
    }

    /** The saved runs, oldest first: id, start, nodes, worst status and counts. */
    public static Listing history(Session session) {
        RunHistory history = new RunHistory(session.stateDirPath());
        List<Map<String, Object>> rows = new ArrayList<>();
        Table t = new Table("RUN", "START", "NODES", "STATUS", "OK/WARN/CRIT/UNKNOWN");
        for (Path p : history.files()) {
            Report r = RunHistory.read(p).report();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("run_id", r.id());
            row.put("start", r.start().toString());
            row.put("nodes", r.nodes().size());
            row.put("status", r.worst().name());
            row.put("counts", r.counts());
            row.put("file", p.toString());
            rows.add(row);
            Map<Status, Long> c = r.counts();
            t.row(r.id(), r.start(), r.nodes().size(), r.worst().name(),
                    c.get(Status.OK) + "/" + c.get(Status.WARN) + "/" + c.get(Status.CRIT) + "/" + c.get(Status.UNKNOWN));
        }
        return Listing.of(rows.size() + " saved runs", rows, t.render() + rows.size() + " saved runs in "
                + new StateDir(session.stateDirPath()).healthcheckRuns() + "\n");
    }
}
