package dev.vigil.backup;

import dev.vigil.backup.Model.Generation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionTest {
    private static Generation g(int day, String type, String chain) {
        String id = String.format("d%02d-%s", day, type);
        return new Generation("n1", id, type, chain == null ? id : chain, null, String.format("2026-11-%02dT01:00:00Z", day), 1, 1, null, null, null);
    }

    /** Three weeks: a full on days 1, 8, 15, incrementals on the other days. */
    private static List<Generation> weeks() {
        List<Generation> gens = new ArrayList<>();
        String chain = null;
        for (int day = 1; day <= 21; day++) {
            if ((day - 1) % 7 == 0) {
                Generation full = g(day, "full", null);
                chain = full.id();
                gens.add(full);
            } else {
                gens.add(g(day, "incremental", chain));
            }
        }
        return gens;
    }

    @Test
    void whole_chains_go_oldest_first_and_a_needed_full_stays() {
        List<Generation> delete = Retention.toDelete(weeks(), 10);
        // the newest 10 are days 12..21: they reach into the chain of day 8, so days 8..21 stay
        assertThat(delete).extracting(Generation::id).containsExactly(
                "d01-full", "d02-incremental", "d03-incremental", "d04-incremental", "d05-incremental", "d06-incremental", "d07-incremental");
    }

    @Test
    void preRiskCountsButStandsAlone() {
        List<Generation> gens = new ArrayList<>(weeks().subList(14, 21)); // the chain of day 15
        gens.add(g(22, "pre-risk", null));
        gens.add(g(23, "pre-risk", null));
        // two pre-risk runs fill keep=2, but the newest full chain (what the incrementals build on) is never deleted
        assertThat(Retention.toDelete(gens, 2)).isEmpty();
        gens.add(g(24, "pre-risk", null));
        assertThat(Retention.toDelete(gens, 2)).extracting(Generation::id).containsExactly("d22-pre-risk");
    }

    @Test
    void nothingGoesWhileUnderTheLimit() {
        assertThat(Retention.toDelete(weeks().subList(0, 5), 10)).isEmpty();
    }
}
