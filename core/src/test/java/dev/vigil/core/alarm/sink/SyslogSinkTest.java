package dev.vigil.core.alarm.sink;

import dev.vigil.core.alarm.AlarmSink;
import dev.vigil.core.alarm.AlarmStore;
import dev.vigil.core.alarm.AlarmsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.EOFException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The syslog sink over TCP against a loopback receiver reading RFC 6587 octet-counted frames: the contract and RFC 5424's form. */
class SyslogSinkTest extends AlarmSinkContract {
    /** RFC 5424: PRI VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG. */
    static final Pattern RFC5424 = Pattern.compile("<(\\d{1,3})>1 \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,6})?Z [\\x21-\\x7e]+ vigil - ALARM "
            + "\\[vigil@32473( [a-zA-Z]+=\"([^\"\\\\\\]]|\\\\.)*\")+\\] .*");

    ServerSocket server;
    final List<String> frames = Collections.synchronizedList(new ArrayList<>());
    Thread reader;

    @BeforeEach
    void start() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        reader = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept(); DataInputStream in = new DataInputStream(s.getInputStream())) {
                    while (true) {
                        StringBuilder len = new StringBuilder();
                        int c;
                        while ((c = in.read()) != ' ') {
                            if (c < 0) {
                                throw new EOFException();
                            }
                            len.append((char) c);
                        }
                        byte[] m = new byte[Integer.parseInt(len.toString())];
                        in.readFully(m);
                        frames.add(new String(m, StandardCharsets.UTF_8));
                    }
                } catch (Exception e) {
                    // the connection ended
                }
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Override
    AlarmSink sink() {
        return new SyslogSink(new AlarmsConfig.Sink(null, "syslog", "tcp://127.0.0.1:" + server.getLocalPort(), null, null, null, null, null, null,
                null, null, null, null, "3s"), Map.of());
    }

    @Override
    List<String> received() {
        return new ArrayList<>(frames);
    }

    @Override
    void stopReceiver() throws Exception {
        server.close();
    }

    @Test
    void eachEventIsOneRfc5424MessageWithItsFieldsAsStructuredData() throws Exception {
        List<AlarmStore.Queued> ev = events("cna-01", "cna-\"odd]");
        sink().deliver(ev, firing(ev));
        List<String> got = awaitAtLeast(3);
        for (String m : got) {
            assertThat(m).matches(RFC5424);
        }
        assertThat(got.get(0)).startsWith("<130>1 ").contains("event=\"raised\"").contains("node=\"cna-01\"").contains("severity=\"critical\"");
        assertThat(got.get(1)).as("quote and bracket escaped").contains("node=\"cna-\\\"odd\\]\"");
        assertThat(got.get(2)).as("a clear is a notice").startsWith("<133>1 ").contains("event=\"cleared\"");
    }

    /** Java's instants have nine fraction digits; RFC 5424 allows six (rsyslog mangled the rest: "49.n59Z"). */
    @Test
    void theTimestampHasAtMostSixFractionDigits() {
        assertThat(SyslogSink.timestamp("2026-12-02T03:20:49.059039859Z")).isEqualTo("2026-12-02T03:20:49.059039Z");
        assertThat(SyslogSink.timestamp("2026-12-02T01:00:00Z")).isEqualTo("2026-12-02T01:00:00.000000Z");
    }
}
