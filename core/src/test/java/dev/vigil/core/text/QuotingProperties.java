package dev.vigil.core.text;

import dev.vigil.core.transport.ShellQuote;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every shell value round-trips through quoting, with the real /bin/sh as the oracle; every byte
 * string round-trips through {@link RawNames}.
 */
class QuotingProperties {
    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> specials = Arbitraries.of("'", "\"", "\\", "$", "`", "$(touch /tmp/PWNED)", ";", "&&", "|", "\n", " ", "*", "?", "[",
                "~", "#", "!", "{}", "%", "=", "-e", "-n", "é", "\t", "\r");
        Arbitrary<String> plain = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(6);
        return Arbitraries.oneOf(specials, plain).list().ofMaxSize(6).map(l -> String.join("", l));
    }

    @Property(tries = 200)
    void everyValueIsOneLiteralWordForTheShell(@ForAll("hostile") String value) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "printf '%s' " + ShellQuote.quote(value) + "; printf '\\0%s' \"$#\"").start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(value + "\u00000");
    }

    @Property(tries = 200)
    void aJoinedArgvIsTheSameArgvForTheShell(@ForAll("hostile") String a, @ForAll("hostile") String b) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "for x in " + ShellQuote.join(List.of(a, b)) + "; do printf '%s\\0' \"$x\"; done").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        assertThat(out).isEqualTo(a + "\0" + b + "\0");
    }

    @Property(tries = 1000)
    void anyBytesRoundTripThroughRawNames(@ForAll byte[] bytes) {
        String name = RawNames.decode(bytes);
        assertThat(RawNames.encode(name)).isEqualTo(bytes);
        assertThat(RawNames.fromLatin1(RawNames.toLatin1(name))).isEqualTo(name);
    }

    @Property(tries = 500)
    void nameListsRoundTripThroughNulSeparation(@ForAll("hostile") String a, @ForAll byte[] raw) {
        String b = RawNames.decode(raw).replace("\0", "");
        assertThat(RawNames.splitNul(RawNames.nulSeparated(List.of(a.replace("\0", ""), b)))).containsExactly(a.replace("\0", ""), b);
    }

    @Property(tries = 500)
    void validUtf8IsDecodedAsText(@ForAll String text) {
        String clean = text.codePoints().filter(c -> c < 0xD800 || c > 0xDFFF)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        byte[] utf8 = clean.getBytes(StandardCharsets.UTF_8);
        assertThat(RawNames.decode(utf8)).isEqualTo(clean);
        assertThat(RawNames.isText(RawNames.decode(utf8))).isTrue();
    }
}
