package dev.vigil.backup;

import dev.vigil.backup.Model.Archive;
import dev.vigil.backup.Model.Catalog;
import dev.vigil.backup.Model.Generation;
import dev.vigil.backup.Model.Manifest;
import dev.vigil.backup.target.Target;
import dev.vigil.core.state.Hashing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Copies the generations the relay target lacks from the primary, oldest first, each verified
 * against its manifest (size and SHA-256 of every archive) before it is renamed into place; the
 * relay's catalog is updated, then its retention applied.
 */
public final class Relay {
    private Relay() {
    }

    public record Result(List<Generation> copied, List<Generation> pruned, List<String> notes)
            implements dev.vigil.core.result.RunResult, dev.vigil.core.result.RunResult.StoredRecordJson {
        @Override
        public dev.vigil.core.result.Status status() {
            return dev.vigil.core.result.Status.OK;
        }

        @Override
        public String summary() {
            return copied.size() + " copied, " + pruned.size() + " pruned";
        }
    }

    public static Result run(Target from, Target to, int keep, Duration staleLock, Set<String> nodes) throws IOException {
        List<String> notes = new ArrayList<>();
        List<Generation> copied = new ArrayList<>();
        try (Target.Session src = from.open(false); Target.Session dst = to.open()) {
            Repository source = new Repository(from, src);
            Repository relay = new Repository(to, dst);
            relay.lock("backup relay from " + from.display(), staleLock);
            try {
                Catalog theirs = relay.cleanUp(notes);
                Catalog ours = source.catalog();
                Set<String> have = Set.copyOf(theirs.generations().stream().map(g -> g.node() + "/" + g.id()).toList());
                List<Generation> missing = new ArrayList<>(ours.generations().stream()
                        .filter(g -> !have.contains(g.node() + "/" + g.id()))
                        .filter(g -> nodes == null || nodes.contains(g.node())).toList());
                missing.sort(Backups.NEWEST_FIRST.reversed());
                for (Generation g : missing) {
                    copy(source, relay, g);
                    copied.add(g);
                }
                List<Generation> all = new ArrayList<>(theirs.generations());
                all.addAll(copied);
                Catalog now = copied.isEmpty() ? theirs : relay.writeCatalog(theirs, all);
                List<Generation> pruned = Backups.prune(relay, now, keep, nodes, false);
                return new Result(copied, pruned, notes);
            } finally {
                relay.unlock();
            }
        }
    }

    private static void copy(Repository source, Repository relay, Generation g) throws IOException {
        Manifest m = source.manifest(g.node(), g.id());
        String from = Repository.generationDir(g.node(), g.id());
        String partial = Repository.partialDir(g.node(), g.id());
        relay.session().mkdir(Repository.nodeDir(g.node()));
        relay.session().mkdir(partial);
        try {
            for (Archive a : m.archives()) {
                Hashing.Out out = transfer(source, relay, from + "/" + a.name(), partial + "/" + a.name());
                if (out.count() != a.size() || !out.hex().equals(a.sha256())) {
                    throw new IOException(g.node() + " " + g.id() + ": " + a.name() + " does not match its manifest on "
                            + source.target().display() + " (verify it there)");
                }
                relay.verifySize(partial + "/" + a.name(), a.size());
            }
            long manifestSize = source.session().size(from + "/" + Repository.MANIFEST);
            transfer(source, relay, from + "/" + Repository.MANIFEST, partial + "/" + Repository.MANIFEST);
            relay.verifySize(partial + "/" + Repository.MANIFEST, manifestSize);
            relay.session().rename(partial, Repository.generationDir(g.node(), g.id()));
        } catch (IOException | RuntimeException e) {
            NodeBackup.discard(relay, partial, e);
            throw e;
        }
    }

    private static Hashing.Out transfer(Repository source, Repository relay, String from, String to) throws IOException {
        Hashing.Out counted;
        try (InputStream in = source.session().open(from); OutputStream out = relay.session().create(to)) {
            counted = new Hashing.Out(out);
            in.transferTo(counted);
        }
        return counted;
    }
}
