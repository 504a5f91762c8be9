package dev.vigil.kbox;

import dev.vigil.core.action.Action;
import dev.vigil.core.action.Action.Kind;
import dev.vigil.core.action.Action.Param;
import dev.vigil.core.action.FeatureModule;
import dev.vigil.core.action.UseCaseAction;
import dev.vigil.core.session.Session;
import dev.vigil.kbox.collect.FaultCollection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The black box's module: its playbook actions: {@code kbox-collect} and {@code collect}. */
public final class KboxActions implements FeatureModule {
    @Override
    public List<Action> actions(Session session) {
        Map<String, Param> col = new LinkedHashMap<>();
        col.put("profile", Param.required(Kind.STRING, "the collection profile (node-down, vm-crash, ...)"));
        col.put("since", Param.optional(Kind.STRING, "system logs since (default 2h)"));
        col.put("alarms", Param.optional(Kind.BOOL, "a node whose items could not all be collected is a warning alarm"));
        return List.of(
                new UseCaseAction("kbox-collect", "Black-box collection", Map.of(), session,
                        (s, c) -> KboxCollection.run(s, new KboxCollection.Request(null, null, false, false))),
                new UseCaseAction("collect", "Fault collection", col, session, (s, c) -> FaultCollection.run(s,
                        new FaultCollection.Request(c.string("profile"), null, Since.parse(c.string("since"), "since"), false, false, null,
                                c.bool("alarms")))));
    }

    @Override
    public List<dev.vigil.core.config.ConfigSection> configSections() {
        return List.of(dev.vigil.core.config.ConfigSection.loading("kbox", KboxConfig::load));
    }
}
