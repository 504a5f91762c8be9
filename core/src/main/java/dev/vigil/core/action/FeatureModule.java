package dev.vigil.core.action;

import dev.vigil.core.config.ConfigSection;
import dev.vigil.core.session.Session;

import java.util.List;

/**
 * What a feature module registers, once, in {@code META-INF/services/dev.vigil.core.action.FeatureModule}:
 * its playbook actions and its sections of vigil.yaml. Its actions call the feature's use cases directly
 * with the step's session; they never go through the command line.
 */
public interface FeatureModule {
    /** This module's actions, bound to the run they will work in (a step narrows it with its own selection). */
    default List<Action> actions(Session session) {
        return List.of();
    }

    /** This module's sections of vigil.yaml, for {@code vigil config validate}. */
    default List<ConfigSection> configSections() {
        return List.of();
    }
}
