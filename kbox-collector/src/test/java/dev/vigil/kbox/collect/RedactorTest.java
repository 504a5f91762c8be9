package dev.vigil.kbox.collect;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The redaction rules against a corpus of real-looking lines (src/test/resources/redaction/corpus.tsv):
 * every line comes out as expected, every rule is pinned by a line only it masks, and redaction is
 * idempotent and total over the corpus.
 */
class RedactorTest {
    record Line(String rule, String input, String expected) {
    }

    static List<Line> corpus() throws IOException {
        List<Line> out = new ArrayList<>();
        try (InputStream in = RedactorTest.class.getResourceAsStream("/redaction/corpus.tsv")) {
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (l.isBlank() || l.startsWith("#")) {
                    continue;
                }
                String[] f = l.split("\t", -1);
                out.add(new Line(f[0], f[1].replace("\\n", "\n"), f[2].replace("\\n", "\n")));
            }
        }
        return out;
    }

    @Test
    void everyCorpusLine_isRedactedAsExpected() throws IOException {
        for (Line l : corpus()) {
            assertThat(new Redactor(false, List.of()).redact(l.input())).as(l.rule() + ": " + l.input()).isEqualTo(l.expected());
        }
    }

    @Test
    void everyRule_isPinnedByALineThatOnlyItMasks() throws IOException {
        Set<String> pinned = new TreeSet<>();
        for (Line l : corpus()) {
            List<String> firing = new ArrayList<>();
            for (Redactor.Rule r : Redactor.RULES) {
                Matcher m = r.pattern().matcher(l.input());
                if (m.find()) {
                    firing.add(r.name());
                }
            }
            if (l.rule().equals("none")) {
                assertThat(firing).as("no rule fires on: " + l.input()).isEmpty();
            } else {
                assertThat(firing).as(l.input()).contains(l.rule());
                pinned.add(l.rule());
            }
        }
        assertThat(pinned).containsExactlyInAnyOrderElementsOf(Redactor.RULES.stream().map(Redactor.Rule::name).toList());
    }

    @Test
    void hosts_ipv4_ipv6_andNames_areReplacedConsistently_timesAndMacsAreNot() {
        Redactor r = new Redactor(true, List.of("cna-07", "cna-1"));
        String out = r.redact("cna-07 (10.0.0.7, fe80::5054:ff:fe12:3456) talks to cna-1 at 2001:db8:0:0:0:0:0:7 and 10.0.0.7 at 21:38:14,"
                + " mac 52:54:00:12:34:56, std::vector");
        assertThat(out).doesNotContain("cna-07").doesNotContain("10.0.0.7").doesNotContain("fe80::5054").doesNotContain("2001:db8")
                .contains("21:38:14").contains("52:54:00:12:34:56").contains("std::vector");
        assertThat(r.mapping()).containsKeys("cna-07", "cna-1", "10.0.0.7", "fe80::5054:ff:fe12:3456", "2001:db8:0:0:0:0:0:7");
        assertThat(out.indexOf(r.mapping().get("10.0.0.7"))).isNotEqualTo(out.lastIndexOf(r.mapping().get("10.0.0.7")));
        assertThat(r.redactPath("cna-07/system-logs/command-output.txt")).isEqualTo(r.mapping().get("cna-07") + "/system-logs/command-output.txt");
    }

    @Provide
    Arbitrary<String> texts() throws IOException {
        List<String> pieces = new ArrayList<>();
        for (Line l : corpus()) {
            pieces.add(l.input());
        }
        pieces.addAll(List.of(" ", "\n", "=", ":", "\"", "'", "password", "Bearer ", "<token>", "</token>", "-p", "mysql ", "://u:", "@h",
                "10.1.2.3", "cna-07", "fe80::1:2"));
        return Arbitraries.of(pieces).list().ofMaxSize(8).map(l -> String.join("", l));
    }

    @Property(tries = 500)
    void redactionIsIdempotent(@ForAll("texts") String text) {
        Redactor r = new Redactor(true, List.of("cna-07"));
        String once = r.redact(text);
        assertThat(r.redact(once)).isEqualTo(once);
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.of(" ", "\n", "=", ":", "\"", "'", "password", "Bearer ", "<token>", "</token>", "-p", "mysql ", "://u:", "@h",
                "10.1.2.3", "x", "\t").list().ofMaxSize(8).map(l -> String.join("", l));
    }

    @Property(tries = 300)
    void everyCorpusSecretIsGone_whateverSurroundsIt(@ForAll("noise") String before, @ForAll("noise") String after) throws IOException {
        for (Line l : corpus()) {
            if (l.rule().equals("none")) {
                continue;
            }
            String secret = secretOf(l);
            String out = new Redactor(false, List.of()).redact(before + "\n" + l.input() + "\n" + after);
            assertThat(out).as(l.input()).doesNotContain(secret);
        }
    }

    /** The part of the input that the expected output replaced by the mask. */
    private static String secretOf(Line l) {
        int start = 0;
        while (start < l.expected().length() && l.input().charAt(start) == l.expected().charAt(start)) {
            start++;
        }
        int ei = l.expected().length();
        int ii = l.input().length();
        while (ei > start && ii > start && l.input().charAt(ii - 1) == l.expected().charAt(ei - 1)) {
            ei--;
            ii--;
        }
        return l.input().substring(start, ii);
    }
}
