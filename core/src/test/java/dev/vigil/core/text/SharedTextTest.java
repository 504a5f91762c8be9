package dev.vigil.core.text;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The one place each of these is done: byte sizes, run-id stamps, XML/HTML escaping. */
class SharedTextTest {
    @Test
    void sizes() {
        assertThat(Sizes.iec(1023)).isEqualTo("1023 B");
        assertThat(Sizes.iec(118_067)).isEqualTo("115.3 KiB");
        assertThat(Sizes.compact(24L << 30)).isEqualTo("24GiB");
        assertThat(Sizes.compact((long) (9.5 * (1L << 30)))).isEqualTo("9.5GiB");
        assertThat(Sizes.compact(512)).isEqualTo("512B");
    }

    @Test
    void stamps() {
        Instant t = Instant.parse("2026-12-01T23:57:35.220Z");
        assertThat(Stamps.seconds(t)).isEqualTo("20261201T235735Z");
        assertThat(Stamps.millis(t)).isEqualTo("20261201T235735.220Z");
    }

    @Test
    void markup() {
        assertThat(Markup.xml("a<b & \"c\" 'd'\u0001\n")).isEqualTo("a&lt;b &amp; &quot;c&quot; &apos;d&apos;?\n");
        assertThat(Markup.xml(null)).isEmpty();
    }
}
