package dev.vigil.kbox.collect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** collect's system-logs item reads the classic files too, not only a journal that may be empty. */
class SystemLogsTest {
    @TempDir
    Path dir;

    @Test
    void theLogFilesAreRead_evenWhereJournalctlExists() throws Exception {
        Path messages = dir.resolve("messages");
        Files.writeString(messages, "Dec  1 21:00:00 cna-07 kernel: EXT4-fs error (device sda1)\n");
        String cmd = FaultCollector.systemLogsCommand(0, List.of(messages.toString(), dir.resolve("syslog").toString()));
        Process p = new ProcessBuilder("sh", "-c", cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        assertThat(out).contains("== " + messages).contains("EXT4-fs error");
    }
}
