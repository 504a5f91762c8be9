package dev.vigil.core.transport;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShellQuoteTest {
    /** What /bin/sh makes of the quoted word: it must be the original, whatever it holds. */
    private static String roundTrip(String value) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", "printf '%s' " + ShellQuote.quote(value)).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    @Test
    void everyNastyValue_reachesTheShellAsOneLiteralWord() throws Exception {
        for (String v : List.of("plain", "with space", "it's", "a;rm -rf /", "$(id)", "`id`", "\"q\"", "a\nb", "*",
                "-n", "~root", "back\\slash", "'", "''", "tab\there", "ümlaut", "$HOME", "a|b&c>d<e")) {
            assertThat(roundTrip(v)).as("quoting %s", v).isEqualTo(v);
        }
    }

    @Test
    void emptyValue_isAnEmptyWord() throws Exception {
        assertThat(ShellQuote.quote("")).isEqualTo("''");
        assertThat(roundTrip("")).isEmpty();
    }

    @Test
    void safeValues_stayReadable() {
        assertThat(ShellQuote.quote("/var/log/messages")).isEqualTo("/var/log/messages");
        assertThat(ShellQuote.join(List.of("ls", "-l", "my file"))).isEqualTo("ls -l 'my file'");
    }

    @Test
    void nulIsRefused() {
        assertThatThrownBy(() -> ShellQuote.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }
}
