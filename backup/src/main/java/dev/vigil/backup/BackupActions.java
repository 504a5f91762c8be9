package dev.vigil.backup;

import dev.vigil.backup.target.Targets;
import dev.vigil.core.action.Action;
import dev.vigil.core.action.Action.Kind;
import dev.vigil.core.action.Action.Param;
import dev.vigil.core.action.FeatureModule;
import dev.vigil.core.action.UseCaseAction;
import dev.vigil.core.session.Session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Backup's module: its playbook actions: {@code backup} and {@code backup-verify}. */
public final class BackupActions implements FeatureModule {
    @Override
    public List<Action> actions(Session session) {
        Map<String, Param> bk = new LinkedHashMap<>();
        bk.put("type", Param.required(Kind.STRING, "full, incremental, differential or pre-risk"));
        bk.put("reason", Param.optional(Kind.STRING, "why (needed for pre-risk)"));
        bk.put("target", Param.optional(Kind.STRING, "a target name or URL"));
        bk.put("paths", Param.optional(Kind.STRINGS, "an ad-hoc backup set"));
        bk.put("alarms", Param.optional(Kind.BOOL, "raise an alarm for a node whose backup failed or was partial; clear it when one works"));
        Map<String, Param> bc = new LinkedHashMap<>();
        bc.put("target", Param.optional(Kind.STRING, "a target name or URL"));
        bc.put("alarms", Param.optional(Kind.BOOL, "raise an alarm for a node without a complete backup within backup.max_age"));
        Map<String, Param> bv = new LinkedHashMap<>();
        bv.put("generation", Param.optional(Kind.STRING, "only this generation"));
        bv.put("target", Param.optional(Kind.STRING, "a target name or URL"));
        return List.of(
                new UseCaseAction("backup", "Backup", bk, session, (s, c) -> BackupRun.run(s,
                        BackupRun.Request.of(c.string("type"), c.string("reason"), c.strings("paths"), c.string("target"), c.bool("alarms")))),
                new UseCaseAction("backup-check", "Backups fresh enough", bc, session, (s, c) -> BackupFreshness.run(s,
                        new BackupFreshness.Request(c.string("target"), Targets.Overrides.NONE, null, c.bool("alarms")))),
                new UseCaseAction("backup-verify", "Verify backups", bv, session, (s, c) -> BackupVerify.run(s,
                        new BackupVerify.Request(c.string("generation"), c.string("target"), Targets.Overrides.NONE))));
    }

    @Override
    public List<dev.vigil.core.config.ConfigSection> configSections() {
        return List.of(dev.vigil.core.config.ConfigSection.loading("backup", BackupConfig::load));
    }
}
