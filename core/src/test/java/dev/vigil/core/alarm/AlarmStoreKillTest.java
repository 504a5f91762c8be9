package dev.vigil.core.alarm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A process killed with SIGKILL in the middle of feeding leaves a whole store: the old one or the new one, never half, no event twice. */
class AlarmStoreKillTest {
    @TempDir
    Path dir;

    /** The child: feeds alternating good and bad scans of 50 items as fast as it can, until it is killed. */
    public static void main(String[] args) throws Exception {
        AlarmStore store = new AlarmStore(Path.of(args[0]));
        for (int round = 0; ; round++) {
            if (round == 2) {
                Files.writeString(Path.of(args[0]).resolveSibling("started"), "yes");
            }
            boolean bad = round % 2 == 0;
            java.util.List<Observation> scan = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                scan.add(bad ? Observation.bad("healthcheck", "n" + i, "memory", "critical", "round " + round, Map.of(), null)
                        : Observation.good("healthcheck", "n" + i, "memory", "ok"));
            }
            store.feed(scan, Instant.now(), o -> 1);
        }
    }

    @Test
    void killedMidFeed_theStoreIsWhole_andTheOutboxHasNoEventTwice() throws Exception {
        Path alarms = dir.resolve("alarms");
        for (int attempt = 0; attempt < 3; attempt++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), AlarmStoreKillTest.class.getName(), alarms.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
            long end = System.nanoTime() + 20_000_000_000L;
            while (!Files.exists(dir.resolve("started")) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            Thread.sleep(400 + attempt * 150L);
            child.destroyForcibly();    // SIGKILL: no shutdown hook, no finally
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            AlarmStore.State s = new AlarmStore(alarms).read();
            assertThat(s.alarms()).as(Files.readString(dir.resolve("child.log"))).hasSize(50);
            List<Long> seqs = s.outbox().stream().map(AlarmStore.Queued::seq).toList();
            assertThat(seqs).doesNotHaveDuplicates().isSorted();
            assertThat(s.nextSeq()).isGreaterThan(seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1));
            // a torn last line of the history is skipped, the rest reads
            assertThat(Files.readAllLines(new AlarmStore(alarms).historyFile())).isNotEmpty();
            Files.deleteIfExists(dir.resolve("started"));
        }
        assertThat(Files.list(alarms).map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList())
                .as("at most one temp file per kill (written to, never renamed): store.json itself is never half").hasSizeLessThanOrEqualTo(3);
    }
}
