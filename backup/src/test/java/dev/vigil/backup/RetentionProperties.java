package dev.vigil.backup;

import dev.vigil.backup.Model.Generation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Retention's invariants over random histories: fulls, incrementals, differentials, pre-risk runs, and links already missing. */
class RetentionProperties {
    /** One night's run: its type, and whether the catalog has since lost it (a hand-deleted directory). */
    record Night(String type, boolean lost) {
    }

    @Provide
    Arbitrary<List<Night>> histories() {
        return net.jqwik.api.Combinators.combine(Arbitraries.of("full", "incremental", "incremental", "incremental", "differential", "pre-risk"),
                Arbitraries.of(false, false, false, false, false, false, true)).as(Night::new).list().ofMinSize(1).ofMaxSize(30);
    }

    /** The catalog such nights leave, built as Backups.plan does: incrementals on the newest non-pre-risk, differentials on the full. */
    static List<Generation> catalog(List<Night> nights) {
        List<Generation> all = new ArrayList<>();
        Generation lastFull = null;
        Generation lastChained = null;
        for (int i = 0; i < nights.size(); i++) {
            Night n = nights.get(i);
            String id = String.format("g%03d", i);
            String time = String.format("2026-11-%02dT%02d:00:00Z", 1 + i / 24, i % 24);
            String type = n.type();
            if (!type.equals("full") && !type.equals("pre-risk") && lastFull == null) {
                type = "full"; // no base yet: Backups.plan makes it a full
            }
            Generation g = switch (type) {
                case "full", "pre-risk" -> new Generation("n", id, type, id, null, time, 1, 1, null, null, null);
                case "differential" -> new Generation("n", id, type, lastFull.chain(), lastFull.id(), time, 1, 1, null, null, null);
                default -> new Generation("n", id, type, lastChained.chain(), lastChained.id(), time, 1, 1, null, null, null);
            };
            if (type.equals("full")) {
                lastFull = g;
            }
            if (!type.equals("pre-risk")) {
                lastChained = g;
            }
            if (!n.lost()) {
                all.add(g);
            }
        }
        return all;
    }

    /** A random history's catalog, what retention deletes from it, and its generations by id. */
    record Pruned(List<Generation> gens, Set<String> deleted, Map<String, Generation> byId) {
    }

    static Pruned prune(List<Night> nights, int keep) {
        List<Generation> gens = catalog(nights);
        Set<String> deleted = new HashSet<>();
        Retention.toDelete(gens, keep).forEach(g -> deleted.add(g.id()));
        Map<String, Generation> byId = new HashMap<>();
        gens.forEach(g -> byId.put(g.id(), g));
        return new Pruned(gens, deleted, byId);
    }

    @Property(tries = 500)
    void neverOrphansAnIncremental_andKeepsTheNewest(@ForAll("histories") List<Night> nights, @ForAll @IntRange(min = 1, max = 12) int keep) {
        Pruned p = prune(nights, keep);
        List<Generation> gens = p.gens();
        Set<String> deleted = p.deleted();
        Map<String, Generation> byId = p.byId();
        for (Generation g : gens) {
            if (!deleted.contains(g.id()) && g.parent() != null && byId.containsKey(g.parent())) {
                assertThat(deleted).as(g.id() + " is kept, so its parent " + g.parent() + " must be").doesNotContain(g.parent());
            }
        }
        List<Generation> newest = new ArrayList<>(gens);
        newest.sort(Backups.NEWEST_FIRST);
        newest.stream().limit(keep).forEach(g -> assertThat(deleted).doesNotContain(g.id()));
    }

    @Property(tries = 500)
    void neverDeletesTheNewestCompleteChain(@ForAll("histories") List<Night> nights, @ForAll @IntRange(min = 1, max = 12) int keep) {
        Pruned p = prune(nights, keep);
        List<Generation> gens = p.gens();
        Set<String> deleted = p.deleted();
        Map<String, Generation> byId = p.byId();
        List<Generation> newest = new ArrayList<>(gens);
        newest.sort(Backups.NEWEST_FIRST);
        for (boolean fullOnly : new boolean[] {false, true}) {
            for (Generation g : newest) {
                List<Generation> chain = completeChain(g, byId);
                if (chain == null || fullOnly && !chain.get(0).type().equals("full")) {
                    continue;
                }
                chain.forEach(x -> assertThat(deleted).as("the newest complete chain ends in " + g.id()).doesNotContain(x.id()));
                break;
            }
        }
    }

    private static List<Generation> completeChain(Generation g, Map<String, Generation> byId) {
        List<Generation> chain = new ArrayList<>();
        Generation at = g;
        while (at != null) {
            chain.add(0, at);
            if (at.parent() == null) {
                return at.type().equals("full") || at.type().equals("pre-risk") ? chain : null;
            }
            at = byId.get(at.parent());
        }
        return null;
    }
}
