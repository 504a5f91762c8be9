package dev.vigil.core.alarm.sink;

import dev.vigil.core.alarm.AlarmStore;
import dev.vigil.core.alarm.AlarmsConfig;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The email sink: one message per batch; STARTTLS always (a server without it is refused); the envelope checked when read. */
class EmailSinkTest {
    @Test
    void oneMessagePerBatchSaysWhatHappened() {
        List<AlarmStore.Queued> ev = AlarmSinkContract.events("cna-01", "cna-02");
        assertThat(EmailSink.subject(ev)).isEqualTo("[vigil] 2 raised, 1 cleared: cna-01 disk-inodes /var/log and 2 more");
        assertThat(EmailSink.body(ev)).contains("RAISED  critical  cna-02  disk-inodes /var/log").contains("CLEARED  critical  cna-01");
    }

    /** A server that offers no STARTTLS (a plain SMTP greeting and EHLO answer) gets nothing, and it is an error. */
    @Test
    void aServerWithoutStartTlsIsRefused() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            Thread plain = new Thread(() -> {
                try (Socket s = server.accept()) {
                    var out = s.getOutputStream();
                    var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                    out.write("220 plain ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("EHLO") || line.startsWith("HELO")) {
                            out.write("250-plain\r\n250 8BITMIME\r\n".getBytes(StandardCharsets.US_ASCII));
                        } else if (line.startsWith("QUIT")) {
                            out.write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
                            return;
                        } else {
                            out.write("250 ok\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                    }
                } catch (Exception ignored) {
                    // the client went away
                }
            });
            plain.setDaemon(true);
            plain.start();
            AlarmsConfig.Sink cfg = new AlarmsConfig.Sink(null, "email", "smtp://127.0.0.1:" + server.getLocalPort(), null, null, null, null, null,
                    null, null, null, null, null, "3s", null, new AlarmsConfig.Email("vigil@example.com", List.of("ops@example.com")));
            List<AlarmStore.Queued> ev = AlarmSinkContract.events("cna-01");
            assertThatThrownBy(() -> new EmailSink(cfg, Map.of()).deliver(ev, List.of())).hasMessageContaining("STARTTLS");
        }
    }

    @Test
    void theEnvelopeIsChecked() {
        assertThatThrownBy(() -> new AlarmsConfig.Email("vigil", List.of("ops@example.com"))).hasMessageContaining("'vigil' is not an address");
        assertThatThrownBy(() -> new AlarmsConfig.Sink(null, "email", "smtp://mail:587", null, null, null, null, null, null, null, null, null, null,
                null, null, null)).hasMessageContaining("needs email: {from");
        assertThatThrownBy(() -> new AlarmsConfig.Sink(null, "email", "smtps://mail:465", null, null, null, null, null, null, null, null, null, null,
                null, null, new AlarmsConfig.Email("a@b", List.of("c@d")))).hasMessageContaining("STARTTLS, which is always required");
    }
}
