package dev.vigil.playbooks;

import dev.vigil.core.action.FeatureModule;
import dev.vigil.core.config.ConfigSection;
import dev.vigil.playbooks.schedule.ScheduleConfig;

import java.util.List;

/** The playbook module: its section of vigil.yaml (schedules); its actions (confirm, wait) are added by PlaybookRun. */
public final class PlaybookModule implements FeatureModule {
    @Override
    public List<ConfigSection> configSections() {
        return List.of(ConfigSection.loading("schedules", ScheduleConfig::load));
    }
}
