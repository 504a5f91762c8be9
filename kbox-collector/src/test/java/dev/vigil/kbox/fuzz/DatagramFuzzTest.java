package dev.vigil.kbox.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.core.text.Printable;
import dev.vigil.kbox.CrashSummary;
import dev.vigil.kbox.netconsole.Datagram;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anyone who can reach the netconsole port can send a datagram. Whatever it holds, parsing it ends
 * in a datagram or an IllegalArgumentException (counted as malformed), and what is shown of it
 * holds no control character that could drive the operator's terminal.
 */
class DatagramFuzzTest {
    // one input that takes a minute is a finding (a hang); Jazzer turns this into libFuzzer's -timeout
    @org.junit.jupiter.api.Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS)
    @FuzzTest(maxDuration = "10s")
    void anyDatagram(byte[] data) {
        Datagram d;
        try {
            d = Datagram.parse(data, data.length);
        } catch (IllegalArgumentException malformed) {
            return;
        }
        String text = d.text();
        for (String line : text.split("\n")) {
            String shown = Printable.line(line);
            assertThat(shown.chars().noneMatch(c -> c < 0x20 && c != '\t' || c >= 0x7F && c <= 0x9F)).as(shown).isTrue();
        }
        CrashSummary s = CrashSummary.of(text);
        if (s != null) {
            assertThat(Printable.line(s.oneLine())).doesNotContain("\u001b");
        }
    }
}
