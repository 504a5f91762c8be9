package dev.vigil.backup;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.backup.target.Targets;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.result.RunResult;
import dev.vigil.core.result.Status;
import dev.vigil.core.session.Session;
import dev.vigil.core.text.TextBlock;

import java.io.IOException;

/** The use case behind {@code vigil backup relay}: new generations copied from a target to the relay target, each verified. */
public final class BackupRelay {
    private BackupRelay() {
    }

    /** to: the relay target's name or URL (null: backup.relay_to); from: the source (null: the default target). */
    public record Request(String to, String from, Targets.Overrides overrides) {
    }

    /** What was copied and pruned on the relay target {@code to}; its JSON is the relay's own. */
    public record Result(String to, Relay.Result relay) implements RunResult {
        @Override
        public Status status() {
            return relay.status();
        }

        @Override
        public String summary() {
            return relay.summary();
        }

        @JsonValue
        public JsonNode document() {
            return relay.json();
        }

        @Override
        public String text(String title) {
            return TextBlock.of(out -> {
                relay.copied().forEach(g -> out.println("copied " + g.node() + " " + g.id()));
                relay.notes().forEach(n -> out.println("note: " + n));
                out.println("relay to " + to + ": " + relay.copied().size() + " copied, " + relay.pruned().size() + " pruned");
            });
        }
    }

    public static Result run(Session session, Request r) {
        BackupConfig cfg = BackupConfig.load(session.configPath());
        String dest = r.to() != null ? r.to() : cfg.relayTo();
        if (dest == null) {
            throw new UsageException("no relay target: give --to or set backup.relay_to");
        }
        try {
            return new Result(dest, Relay.run(BackupRun.target(session, cfg, r.from(), r.overrides()), BackupRun.target(session, cfg, dest, r.overrides()),
                    cfg.keep(), cfg.staleLock(), BackupVerify.limitNodes(session)));
        } catch (IOException e) {
            throw BackupRun.failed(e);
        }
    }
}
