package dev.vigil.backup.target;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every target must do; LocalTarget and FtpsTarget (explicit and implicit TLS) run it. */
public abstract class TargetContract {
    protected abstract Target target();

    private static void put(Target.Session s, String path, String text) throws Exception {
        try (OutputStream out = s.create(path)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String get(Target.Session s, String path) throws Exception {
        try (InputStream in = s.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void writesReadsAndSizesFiles() throws Exception {
        try (Target.Session s = target().open()) {
            assertThat(s.mkdir("a")).isTrue();
            put(s, "a/one.txt", "hello");
            assertThat(get(s, "a/one.txt")).isEqualTo("hello");
            assertThat(s.size("a/one.txt")).isEqualTo(5);
            assertThat(s.size("a/none.txt")).isEqualTo(-1);
            assertThat(s.list("a")).containsExactly("one.txt");
        }
    }

    @Test
    void mkdirIsExclusive() throws Exception {
        try (Target.Session s = target().open()) {
            assertThat(s.mkdir("lockdir")).isTrue();
            assertThat(s.mkdir("lockdir")).isFalse();
        }
    }

    @Test
    void missingThingsAreQuiet() throws Exception {
        try (Target.Session s = target().open()) {
            assertThat(s.list("nowhere")).isEmpty();
            s.delete("nowhere.txt");
            s.rmdir("nowhere");
            assertThatThrownBy(() -> get(s, "nowhere.txt")).isInstanceOf(NoSuchFileException.class);
        }
    }

    @Test
    void renamesFilesAndDirectories() throws Exception {
        try (Target.Session s = target().open()) {
            s.mkdir("r");
            s.mkdir("r/_partial-x");
            put(s, "r/_partial-x/f", "data");
            s.rename("r/_partial-x", "r/x");
            put(s, "r/.tmp", "c");
            s.rename("r/.tmp", "r/c");
            assertThat(s.list("r")).containsExactlyInAnyOrder("x", "c");
            assertThat(get(s, "r/x/f")).isEqualTo("data");
            s.delete("r/x/f");
            s.rmdir("r/x");
            assertThat(s.list("r")).containsExactly("c");
        }
    }

    @Test
    void manyTransfersOnOneConnection() throws Exception {
        try (Target.Session s = target().open()) {
            s.mkdir("many");
            for (int i = 0; i < 40; i++) {
                put(s, "many/f" + i, "content " + i);
            }
            for (int i = 0; i < 40; i++) {
                assertThat(get(s, "many/f" + i)).isEqualTo("content " + i);
            }
            assertThat(s.list("many")).hasSize(40);
        }
    }
}
