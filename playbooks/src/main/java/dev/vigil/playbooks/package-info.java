/**
 * Playbooks: checklists of steps (YAML), validated before anything runs, run into a checklist
 * report; and the scheduler daemon (Quartz) that runs them on schedules. The features' actions
 * are supplied by the {@code cli} module, which reaches the features.
 */
package dev.vigil.playbooks;
