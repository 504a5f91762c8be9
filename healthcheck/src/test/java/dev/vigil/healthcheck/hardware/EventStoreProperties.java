package dev.vigil.healthcheck.hardware;

import dev.vigil.core.bmc.SelEntry;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each event-log entry is reported exactly once, whatever happens between reads: entries arrive, the log is
 * cleared (record ids restart), the BMC lists newest first. And nothing read is lost from the store.
 */
class EventStoreProperties {
    /** Per step: entries arrive, the log is read (listed newest first when the mode's bit 0 is set), then cleared when bit 1 is. */
    @Property(tries = 200)
    void everyEntryIsReportedOnceAndKept(@ForAll @Size(max = 12) List<@IntRange(max = 5) Integer> arrivals,
                                         @ForAll @Size(max = 12) List<@IntRange(max = 3) Integer> modes) throws IOException {
        Path dir = Files.createTempDirectory("events");
        EventStore store = new EventStore(dir);
        List<SelEntry> log = new ArrayList<>();
        int nextId = 1;
        int clock = 0;
        Set<String> reported = new HashSet<>();
        Set<String> everPresentAtARead = new HashSet<>();
        for (int i = 0; i < arrivals.size(); i++) {
            int mode = i < modes.size() ? modes.get(i) : 0;
            for (int k = 0; k < arrivals.get(i); k++) {
                clock++;
                log.add(new SelEntry(Integer.toHexString(nextId++), "t" + clock, "Memory", k % 2 == 0 ? "Correctable ECC" : "Uncorrectable ECC", true, null));
            }
            boolean reversed = (mode & 1) == 1;
            List<SelEntry> shown = new ArrayList<>(log);
            if (reversed) {
                java.util.Collections.reverse(shown);
            }
            List<SelEntry> fresh = store.unseen("n", shown);
            for (SelEntry e : fresh) {
                assertThat(reported.add(e.key())).as("reported twice: " + e).isTrue();
            }
            shown.forEach(e -> everPresentAtARead.add(e.key()));
            store.record("n", fresh, shown.isEmpty() ? null : shown.get(shown.size() - 1));
            if ((mode & 2) == 2) {
                log.clear(); // a clear: ids restart, as on a real BMC
                nextId = 1;
            }
        }
        assertThat(reported).isEqualTo(everPresentAtARead);
        assertThat(store.stored("n").stream().map(SelEntry::key).toList()).containsExactlyInAnyOrderElementsOf(reported);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
