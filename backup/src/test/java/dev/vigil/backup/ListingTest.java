package dev.vigil.backup;

import dev.vigil.backup.Model.FileEntry;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListingTest {
    /** find-listing.bin: GNU find 4.9 with Listing's format over a tree with a space and a tab in names, a dangling link, a setuid dir and a fifo. */
    private static byte[] captured() throws Exception {
        try (InputStream in = ListingTest.class.getResourceAsStream("/find-listing.bin")) {
            return in.readAllBytes();
        }
    }

    @Test
    void parsesRealFindOutput() throws Exception {
        Listing.Result r = Listing.parse(captured());
        List<String> paths = r.entries().stream().map(FileEntry::path).toList();
        assertThat(paths).contains("/tmp/cap", "/tmp/cap/dir with space", "/tmp/cap/dir with space/tab\tname.txt", "/tmp/cap/dangling",
                "/tmp/cap/empty");
        FileEntry file = r.entries().stream().filter(e -> e.path().endsWith("name.txt")).findFirst().orElseThrow();
        assertThat(file.type()).isEqualTo("f");
        assertThat(file.size()).isEqualTo(1);
        assertThat(file.mtime()).isGreaterThan(1_700_000_000L * 1_000_000_000L);
        FileEntry link = r.entries().stream().filter(e -> e.path().endsWith("dangling")).findFirst().orElseThrow();
        assertThat(link.type()).isEqualTo("l");
        assertThat(link.link()).isEqualTo("../x");
        FileEntry dir = r.entries().stream().filter(e -> e.path().equals("/tmp/cap/empty")).findFirst().orElseThrow();
        assertThat(dir.mode()).isEqualTo(04750);
        assertThat(r.skipped()).singleElement().asString().contains("/tmp/cap/fifo").contains("named pipe");
    }

    @Test
    void findTimesBecomeNanoseconds() {
        assertThat(Listing.nanos("1795257256.8372356660")).isEqualTo(1795257256837235666L);
        assertThat(Listing.nanos("12.5")).isEqualTo(12_500_000_000L);
        assertThat(Listing.nanos("7")).isEqualTo(7_000_000_000L);
    }

    @Test
    void pathsAreQuotedAndGlobsChecked() {
        assertThat(Listing.command(List.of("/etc/it's", "/srv/data/*.conf")))
                .contains("'/etc/it'\\''s'").contains(" /srv/data/*.conf ");
        assertThatThrownBy(() -> Listing.shellWord("/srv/*;rm -rf /")).hasMessageContaining("glob");
        assertThatThrownBy(() -> Listing.shellWord("relative/path")).hasMessageContaining("absolute");
    }

    @Test
    void aCutListingIsAnError() {
        assertThatThrownBy(() -> Listing.parse("f\t644\t0\t0\troot\troot\t1\t1.0\t1.0\t5\t/x".getBytes()))
                .hasMessageContaining("cut short");
    }
}
