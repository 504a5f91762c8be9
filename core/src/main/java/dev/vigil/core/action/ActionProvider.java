package dev.vigil.core.action;

import dev.vigil.core.session.Session;

import java.util.List;

/**
 * How a feature module offers its playbook actions: one provider per module, registered in
 * {@code META-INF/services/dev.vigil.core.action.ActionProvider}. Its actions call the feature's use
 * cases directly with the step's session; they never go through the command line.
 */
public interface ActionProvider {
    /** This module's actions, bound to the run they will work in (a step narrows it with its own selection). */
    List<Action> actions(Session session);
}
