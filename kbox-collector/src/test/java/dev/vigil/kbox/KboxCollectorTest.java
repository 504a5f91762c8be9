package dev.vigil.kbox;

import dev.vigil.core.inventory.Node;
import dev.vigil.core.transport.LocalTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The collector against real files on this machine through the local transport. */
class KboxCollectorTest {
    @TempDir
    Path dir;

    private KboxConfig config() {
        return new KboxConfig(List.of(dir.resolve("node/var/log/kbox").toString(), dir.resolve("node/etc/kbox/config").toString()),
                List.of(dir.resolve("node/sys/fs/pstore").toString()), List.of(dir.resolve("node/var/crash").toString()), 1024L, null);
    }

    private KboxCollector.NodeReport collect(boolean clear, boolean vmcore) throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        RecordIndex index = RecordIndex.load(out);
        KboxCollector c = new KboxCollector(config(), index, out, new KboxCollector.Options(null, vmcore, clear, Duration.ofSeconds(30)));
        try (LocalTransport t = new LocalTransport(Node.localhost())) {
            KboxCollector.NodeReport r = c.collect(Node.localhost(), t);
            index.save();
            return r;
        }
    }

    private void plant(String rel, String content) throws IOException {
        Path p = dir.resolve("node").resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    @Test
    void fetchesEachRecordOnce_withSummaries_andClearsPstoreOnlyOnceStored() throws Exception {
        plant("var/crash/127.0.0.1-2026-11-20-03:14:15/vmcore-dmesg.txt", CrashSummaryTest.fixture("vmcore-dmesg-null-deref.txt"));
        plant("var/crash/127.0.0.1-2026-11-20-03:14:15/vmcore", "x".repeat(2048));
        plant("var/crash/127.0.0.1-2026-11-20-03:14:15/unrelated.log", "not a crash record");
        plant("sys/fs/pstore/dmesg-ramoops-0", CrashSummaryTest.fixture("pstore-dmesg-gpf-panic.txt"));
        plant("var/log/kbox/2026-11-20/snapshot.txt", "kbox snapshot\n");
        plant("etc/kbox/config", "enable=1\n");

        KboxCollector.NodeReport first = collect(false, false);
        assertThat(first.errors()).isEmpty();
        assertThat(first.fresh()).extracting(KboxCollector.Collected::kind).containsExactlyInAnyOrder("kdump", "pstore", "kbox", "kbox");
        assertThat(first.fresh()).noneMatch(c -> c.source().endsWith("/vmcore") || c.source().endsWith("unrelated.log"));
        KboxCollector.Collected pstore = first.fresh().stream().filter(c -> c.kind().equals("pstore")).findFirst().orElseThrow();
        assertThat(pstore.summary().panic()).isEqualTo("Kernel panic - not syncing: Fatal exception");
        assertThat(Files.readString(dir.resolve("out").resolve(pstore.stored()))).isEqualTo(CrashSummaryTest.fixture("pstore-dmesg-gpf-panic.txt"));
        assertThat(Files.readString(dir.resolve("out/INDEX.txt"))).contains("smc_llc_add_link_cont+0x160/0x270 [smc]");

        KboxCollector.NodeReport second = collect(true, false);
        assertThat(second.fresh()).as("nothing new on the second run").isEmpty();
        assertThat(second.known()).isEqualTo(4);
        assertThat(second.cleared()).isEqualTo(1);
        assertThat(dir.resolve("node/sys/fs/pstore/dmesg-ramoops-0")).as("removed once stored and verified").doesNotExist();
        assertThat(dir.resolve("node/var/crash/127.0.0.1-2026-11-20-03:14:15/vmcore-dmesg.txt")).as("kdump is never removed").exists();
    }

    @Test
    void vmcore_onlyOnRequest_andNeverBeyondTheCap() throws Exception {
        plant("var/crash/a/vmcore", "x".repeat(500));
        plant("var/crash/b/vmcore", "x".repeat(5000));
        KboxCollector.NodeReport r = collect(false, true);
        assertThat(r.fresh()).extracting(KboxCollector.Collected::source).containsExactly(dir.resolve("node/var/crash/a/vmcore").toString());
    }

    @Test
    void aPathFromTheNodeCannotLeaveTheNodesDirectory() {
        KboxCollector c = new KboxCollector(config(), RecordIndex.load(dir), dir, new KboxCollector.Options(null, false, false, Duration.ofSeconds(1)));
        assertThatThrownBy(() -> c.destination(Node.localhost(), "/../../etc/passwd")).isInstanceOf(IOException.class);
        assertThat(KboxCollector.safeName("a;rm -rf /")).isEqualTo("a_rm_-rf__");
        assertThat(KboxCollector.safeName("..")).isEqualTo("_..");
    }
}
