package dev.vigil.core.action;

import dev.vigil.core.session.Session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** The registry of playbook actions: every module's provider, by action name; two actions with one name is a build error. */
public final class Actions {
    private Actions() {
    }

    /** Every registered action, plus {@code extra} (the playbook module's own), by name. */
    public static Map<String, Action> load(Session session, List<Action> extra) {
        Map<String, Action> all = new LinkedHashMap<>();
        Map<String, String> from = new LinkedHashMap<>();
        for (FeatureModule p : ServiceLoader.load(FeatureModule.class, Actions.class.getClassLoader())) {
            for (Action a : p.actions(session)) {
                register(all, from, a, p.getClass().getName());
            }
        }
        for (Action a : extra) {
            register(all, from, a, "the playbook module");
        }
        return all;
    }

    /** Every registered module's sections of vigil.yaml, by name; two modules claiming one section is a build error. */
    public static Map<String, dev.vigil.core.config.ConfigSection> configSections() {
        Map<String, dev.vigil.core.config.ConfigSection> out = new java.util.TreeMap<>();
        for (FeatureModule p : ServiceLoader.load(FeatureModule.class, Actions.class.getClassLoader())) {
            for (dev.vigil.core.config.ConfigSection c : p.configSections()) {
                if (out.putIfAbsent(c.name(), c) != null) {
                    throw new IllegalStateException("two modules read the '" + c.name() + "' section of vigil.yaml");
                }
            }
        }
        return out;
    }

    static void register(Map<String, Action> all, Map<String, String> from, Action a, String owner) {
        if (all.containsKey(a.name())) {
            throw new IllegalStateException("two playbook actions are named '" + a.name() + "': from " + from.get(a.name()) + " and " + owner);
        }
        all.put(a.name(), a);
        from.put(a.name(), owner);
    }
}
