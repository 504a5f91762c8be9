package dev.vigil.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ColourTest {
    @AfterEach
    void tearDown() {
        System.clearProperty("vigil.stdout.tty");
    }

    @Test
    void onlyOnATerminal_andNeverWithNoColor() {
        assertThat(Colour.enabled(Map.of())).as("piped").isFalse();
        System.setProperty("vigil.stdout.tty", "true");
        assertThat(Colour.enabled(Map.of())).isTrue();
        assertThat(Colour.enabled(Map.of("NO_COLOR", "1"))).isFalse();
        assertThat(Colour.enabled(Map.of("NO_COLOR", ""))).as("an empty NO_COLOR does not count (no-color.org)").isTrue();
        assertThat(Colour.enabled(Map.of("TERM", "dumb"))).isFalse();
    }

    @Test
    void coloursTheStatusWords_notWordsThatContainThem() {
        String t = "STATUS  NODE   MESSAGE\nWARN    n1     disk WARNING level\nCRIT    n2     x\nOK      n3     unreachable-ish\n";
        String c = Colour.statuses(t);
        assertThat(c).contains("\u001b[33mWARN\u001b[0m    n1").contains("\u001b[31mCRIT\u001b[0m").contains("WARNING level").contains("unreachable-ish")
                .doesNotContain("\u001b[33mWARNING");
        assertThat(c.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(t);
    }
}
