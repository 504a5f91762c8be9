package dev.vigil.core.exec;

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

/** Core's playbook actions: {@code exec} and {@code inventory-check}. */
public final class CoreActions implements FeatureModule {
    @Override
    public List<Action> actions(Session session) {
        Map<String, Param> ex = new LinkedHashMap<>();
        ex.put("command", Param.required(Kind.COMMAND, "a shell command run on every node"));
        ex.put("timeout", Param.optional(Kind.DURATION, "its deadline on each node"));
        return List.of(
                new UseCaseAction("exec", "Run a command on the nodes", ex, session, (s, c) -> Exec.run(s,
                        new Exec.Request(c.string("command"), c.string("timeout") == null ? null : Durations.parse(c.string("timeout"))))),
                new UseCaseAction("inventory-check", "Connectivity and host keys", Map.of(), session,
                        (s, c) -> Connectivity.run(s, new Connectivity.Request(false))));
    }
}
