package dev.vigil.backup;

import dev.vigil.core.state.Hashing;
import dev.vigil.backup.Model.Archive;
import dev.vigil.backup.Model.Catalog;
import dev.vigil.backup.Model.FileEntry;
import dev.vigil.backup.Model.Generation;
import dev.vigil.backup.Model.Manifest;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Re-reads a generation from its target: every archive's size and SHA-256, every file's SHA-256
 * inside it, every dump's content, and that the chain it needs is complete.
 */
public final class Verifier {
    private Verifier() {
    }

    /** The problems found, each naming the generation and the file; empty when it is sound. */
    public static List<String> verify(Repository repo, Catalog catalog, Generation g) {
        List<String> problems = new ArrayList<>();
        String where = g.node() + " " + g.id();
        Manifest m;
        try {
            m = repo.manifest(g.node(), g.id());
        } catch (IOException e) {
            problems.add(where + ": manifest unreadable: " + e.getMessage());
            return problems;
        }
        problems.addAll(chainProblems(catalog, m));
        for (Archive a : m.archives()) {
            try {
                problems.addAll(checkArchive(repo, m, a));
            } catch (IOException e) {
                problems.add(where + ": " + a.name() + ": unreadable or corrupt (" + e.getMessage() + ")");
            }
        }
        return problems;
    }

    /**
     * Verifies these generations and every generation their chains need (each read once). A
     * generation is restorable only if its whole chain is: when an ancestor has a problem, the
     * generation's problems say which link is broken, even though its own archives are sound.
     */
    /**
     * One generation's verdict: the problems of its own manifest and archives, and the broken links of
     * the chain it needs (each naming the ancestor and that ancestor's first problem).
     */
    public record Verdict(List<String> own, List<String> brokenChain) {
        public List<String> problems() {
            List<String> all = new ArrayList<>(own);
            all.addAll(brokenChain);
            return all;
        }

        public boolean ok() {
            return own.isEmpty() && brokenChain.isEmpty();
        }
    }

    public static java.util.LinkedHashMap<Generation, Verdict> verifyAll(Repository repo, Catalog catalog, List<Generation> gens) {
        Map<String, Generation> byKey = new HashMap<>();
        catalog.generations().forEach(x -> byKey.put(x.node() + "/" + x.id(), x));
        Map<String, List<String>> own = new HashMap<>();
        java.util.function.Function<Generation, List<String>> check =
                x -> own.computeIfAbsent(x.node() + "/" + x.id(), k -> verify(repo, catalog, x));
        java.util.LinkedHashMap<Generation, Verdict> out = new java.util.LinkedHashMap<>();
        for (Generation g : gens) {
            List<String> broken = new ArrayList<>();
            Generation at = g;
            Set<String> seen = new HashSet<>();
            while (at.parent() != null && seen.add(at.parent())) {
                Generation p = byKey.get(g.node() + "/" + at.parent());
                if (p == null) {
                    break; // named by chainProblems already
                }
                List<String> pp = check.apply(p);
                if (!pp.isEmpty()) {
                    broken.add(g.node() + " " + g.id() + ": chain broken at " + p.id() + " (" + p.type() + "), which this point needs: "
                            + pp.get(0));
                }
                at = p;
            }
            out.put(g, new Verdict(check.apply(g), broken));
        }
        return out;
    }

    /** Every generation whose content this one uses is in the catalog and on its chain. */
    static List<String> chainProblems(Catalog catalog, Manifest m) {
        List<String> problems = new ArrayList<>();
        Map<String, Generation> byId = new HashMap<>();
        catalog.generations().stream().filter(x -> x.node().equals(m.node())).forEach(x -> byId.put(x.id(), x));
        Set<String> chain = new HashSet<>();
        chain.add(m.id());
        String parent = m.parent();
        while (parent != null) {
            Generation p = byId.get(parent);
            if (p == null) {
                problems.add(m.node() + " " + m.id() + ": chain incomplete: " + parent + " is missing");
                return problems;
            }
            chain.add(p.id());
            parent = p.parent();
        }
        Set<String> missing = new java.util.TreeSet<>();
        for (FileEntry f : m.files()) {
            if (f.isFile() && f.from() != null && !chain.contains(f.from())) {
                missing.add(f.from());
            }
        }
        missing.forEach(x -> problems.add(m.node() + " " + m.id() + ": files come from " + x + ", which is not on its chain"));
        return problems;
    }

    private static List<String> checkArchive(Repository repo, Manifest m, Archive a) throws IOException {
        List<String> problems = new ArrayList<>();
        String where = m.node() + " " + m.id() + ": " + a.name();
        Hashing.In counted;
        try (InputStream raw = repo.session().open(Repository.generationDir(m.node(), m.id()) + "/" + a.name())) {
            counted = new Hashing.In(raw);
            InputStream content = Compression.decompress(a.name(), counted);
            if (a.kind().equals("dump")) {
                Hashing.Sum s = Hashing.Sum.of(content);
                if (!s.sha256().equals(a.rawSha256())) {
                    problems.add(where + ": dump content does not match its checksum");
                }
            } else {
                Map<String, FileEntry> expected = new HashMap<>();
                m.files().stream().filter(f -> f.isFile() && m.id().equals(f.from())).forEach(f -> expected.put(f.path(), f));
                TarArchiveInputStream tar = Tars.in(content);
                TarArchiveEntry e;
                while ((e = FromTarget.nextEntry(tar)) != null) {
                    FileEntry f = expected.remove(Tars.path(e));
                    if (f == null) {
                        continue;
                    }
                    Hashing.Sum s = Hashing.Sum.of(tar);
                    if (!s.sha256().equals(f.sha256()) || s.size() != f.size()) {
                        problems.add(where + ": " + f.path() + ": checksum mismatch");
                    }
                }
                expected.keySet().stream().sorted().forEach(p -> problems.add(where + ": " + p + ": missing from the archive"));
            }
            counted.transferTo(java.io.OutputStream.nullOutputStream());
        }
        if (counted.count() != a.size() || !counted.hex().equals(a.sha256())) {
            problems.add(where + ": archive checksum mismatch (" + counted.count() + " bytes read, " + a.size() + " expected)");
        }
        return problems;
    }
}
