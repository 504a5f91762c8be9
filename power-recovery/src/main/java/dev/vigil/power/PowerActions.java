package dev.vigil.power;

import dev.vigil.core.action.Action;
import dev.vigil.core.action.Action.Kind;
import dev.vigil.core.action.Action.Param;
import dev.vigil.core.action.FeatureModule;
import dev.vigil.core.action.UseCaseAction;
import dev.vigil.core.config.Durations;
import dev.vigil.core.session.Session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Power's module: its playbook actions: {@code power-status}, {@code power-audit}, {@code power-recover}. */
public final class PowerActions implements FeatureModule {
    @Override
    public List<Action> actions(Session session) {
        Map<String, Param> rec = new LinkedHashMap<>();
        rec.put("parallel", Param.optional(Kind.INT, "nodes loading at once (default 20)"));
        rec.put("node_timeout", Param.optional(Kind.DURATION, "per node (default 5m)"));
        rec.put("deadline", Param.optional(Kind.DURATION, "for everything (default 2h)"));
        rec.put("retries", Param.optional(Kind.INT, "power cycles of a node that does not load (default 1)"));
        rec.put("order", Param.optional(Kind.STRING, "inventory or longest-first"));
        rec.put("stagger", Param.optional(Kind.DURATION, "least time between two power commands (default 1s)"));
        rec.put("max_per", Param.optional(Kind.STRING, "LABEL=N[,LABEL=N]: at most N nodes of one label value loading at once"));
        return List.of(
                new UseCaseAction("power-status", "Power status", Map.of(), session,
                        (s, c) -> PowerOperation.run(s, new PowerOperation.Request(PowerOperation.Op.STATUS, null, false))),
                new UseCaseAction("power-audit", "BMC audit", Map.of(), session,
                        (s, c) -> PowerOperation.run(s, new PowerOperation.Request(PowerOperation.Op.AUDIT, null, false))),
                new UseCaseAction("power-recover", "Power-on recovery", rec, session, (s, c) -> {
                    Session step = c.params().get("parallel") == null ? s : s.withParallel(((Number) c.params().get("parallel")).intValue());
                    return PowerRecovery.run(step, new PowerRecovery.Request(duration(c, "node_timeout"), duration(c, "deadline"),
                            c.params().get("retries") == null ? 1 : ((Number) c.params().get("retries")).intValue(), c.string("order"), null, null,
                            duration(c, "stagger"), PowerRecovery.Request.parseMaxPer(c.string("max_per") == null ? List.of() : List.of(c.string("max_per")))),
                            RecoveryOrchestrator.Listener.NONE, (id, journal) -> org.slf4j.LoggerFactory.getLogger(PowerActions.class).info("recovery run {} (journal {})", id, journal));
                }));
    }

    private static java.time.Duration duration(Action.Context c, String name) {
        return c.string(name) == null ? null : Durations.parse(c.string(name));
    }

    @Override
    public List<dev.vigil.core.config.ConfigSection> configSections() {
        return List.of(dev.vigil.core.config.ConfigSection.loading("power", PowerConfig::load));
    }
}
