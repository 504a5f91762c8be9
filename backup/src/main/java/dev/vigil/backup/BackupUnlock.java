package dev.vigil.backup;

import dev.vigil.backup.target.Target;
import dev.vigil.backup.target.Targets;
import dev.vigil.core.result.Listing;
import dev.vigil.core.session.Session;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The use case behind {@code vigil backup unlock}: a lock that a dead run left on a target removed, saying whose it was. */
public final class BackupUnlock {
    private BackupUnlock() {
    }

    public record Request(String target, Targets.Overrides overrides) {
    }

    public static Listing run(Session session, Request r) {
        BackupConfig cfg = BackupConfig.load(session.configPath());
        Target tgt = BackupRun.target(session, cfg, r.target(), r.overrides());
        try (Target.Session s = tgt.open(false)) {
            Repository repo = new Repository(tgt, s);
            Repository.LockOwner owner = repo.readOwner();
            repo.unlock();
            String line = "unlocked " + tgt.display() + (owner == null ? "" : " (was held by " + owner.user() + "@" + owner.host()
                    + " pid " + owner.pid() + " since " + owner.started() + ")");
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("target", tgt.display());
            doc.put("was_held_by", owner);
            return Listing.ofRecords(Model.JSON, line, doc, List.of(doc), line + "\n");
        } catch (IOException e) {
            throw BackupRun.failed(e);
        }
    }
}
