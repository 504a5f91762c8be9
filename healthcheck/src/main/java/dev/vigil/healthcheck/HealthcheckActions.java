package dev.vigil.healthcheck;

import dev.vigil.core.action.Action;
import dev.vigil.core.action.Action.Kind;
import dev.vigil.core.action.Action.Param;
import dev.vigil.core.action.FeatureModule;
import dev.vigil.core.action.UseCaseAction;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.session.Session;
import dev.vigil.core.state.AtomicFiles;
import dev.vigil.core.state.PrivateFiles;
import dev.vigil.core.state.StateDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The health check's module: its playbook actions: {@code healthcheck}, {@code healthcheck-baseline}, {@code healthcheck-compare}. */
public final class HealthcheckActions implements FeatureModule {
    @Override
    public List<Action> actions(Session session) {
        Map<String, Param> hc = new LinkedHashMap<>();
        hc.put("checks", Param.optional(Kind.STRINGS, "only these checks (vigil healthcheck list)"));
        hc.put("fail_on", Param.optional(Kind.STRING, "warn: a WARN fails the step (strict); crit (default)"));
        hc.put("save", Param.optional(Kind.BOOL, "keep the run in the history (for compare and trends)"));
        hc.put("alarms", Param.optional(Kind.BOOL, "feed the findings to the alarm store: raise, update, clear what recovered, and deliver"));
        hc.put("keep_as", Param.optional(Kind.STRING, "also keep the report under this name, for healthcheck-compare's named:NAME"));
        Map<String, Param> cmp = new LinkedHashMap<>();
        cmp.put("from", Param.optional(Kind.STRING, "the earlier run: previous (default), latest, a run id, or named:NAME (kept by keep_as)"));
        cmp.put("to", Param.optional(Kind.STRING, "the later run (default latest), as from"));
        return List.of(
                new UseCaseAction("healthcheck", "Health check", hc, session, (s, c) -> {
                    Path kept = c.string("keep_as") == null ? null : keptReport(s, c.string("keep_as"));
                    HealthcheckRun.Result r = HealthcheckRun.run(s, new HealthcheckRun.Request(c.strings("checks"), c.bool("save"), null, c.bool("alarms")));
                    if (kept != null) {
                        AtomicFiles.write(kept, dev.vigil.core.result.render.RendererRegistry.builtIn().get("json").render(r.report())
                                .getBytes(StandardCharsets.UTF_8), "rw-------");
                    }
                    return r;
                }),
                new UseCaseAction("healthcheck-baseline", "Record the config baseline",
                        Map.of("update", Param.optional(Kind.BOOL, "replace existing baselines")), session,
                        (s, c) -> BaselineRecord.run(s, new BaselineRecord.Request(c.bool("update")))),
                new UseCaseAction("healthcheck-compare", "Compare two health check runs", cmp, session,
                        (s, c) -> RunCompare.run(s, new RunCompare.Request(run(s, or(c.string("from"), "previous")), run(s, or(c.string("to"), "latest"))))));
    }

    /** Where a healthcheck step's keep_as report goes: the state dir's healthcheck/named/NAME.json. */
    private static Path keptReport(Session s, String name) throws IOException {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new UsageException("keep_as: letters, digits and ._- only, not '" + name + "'");
        }
        return PrivateFiles.dirs(new StateDir(s.stateDirPath()).namedRuns()).resolve(name + ".json");
    }

    /** A run reference for compare: named:NAME is the report a healthcheck step kept under that name. */
    private static String run(Session s, String ref) throws IOException {
        if (!ref.startsWith("named:")) {
            return ref;
        }
        Path p = keptReport(s, ref.substring(6));
        if (!Files.exists(p)) {
            throw new UsageException("no health check report kept as '" + ref.substring(6) + "' (run the playbook that keeps it first, e.g. pre-upgrade)");
        }
        return p.toString();
    }

    private static String or(String v, String d) {
        return v == null ? d : v;
    }

    @Override
    public List<dev.vigil.core.config.ConfigSection> configSections() {
        return List.of(new dev.vigil.core.config.ConfigSection("healthcheck", p -> HealthcheckConfig.load(p).warnings()));
    }
}
