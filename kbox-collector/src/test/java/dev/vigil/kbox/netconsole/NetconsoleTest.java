package dev.vigil.kbox.netconsole;

import dev.vigil.kbox.RecordIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetconsoleTest {
    @TempDir
    Path dir;

    private static Datagram parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Datagram.parse(b, b.length);
    }

    @Test
    void extendedAndPlainFormats() {
        // as netconsole sends with the "+" (extended) target flag: prefix = facility*8 + level
        Datagram d = parse("6,416,1758426,-;netconsole: network logging started");
        assertThat(d.extended()).isTrue();
        assertThat(d.level()).isEqualTo(6);
        assertThat(d.seq()).isEqualTo(416);
        assertThat(d.timestampMicros()).isEqualTo(1758426);
        assertThat(d.text()).isEqualTo("netconsole: network logging started");
        assertThat(parse("14,5,1,c;cont").level()).isEqualTo(6);
        Datagram frag = parse("4,17,900,-,ncfrag=16/31;the second chunk.");
        assertThat(frag.fragOffset()).isEqualTo(16);
        assertThat(frag.fragTotal()).isEqualTo(31);
        Datagram plain = parse("[  12.5] eth0: link up\n");
        assertThat(plain.extended()).isFalse();
        assertThat(plain.text()).isEqualTo("[  12.5] eth0: link up\n");
    }

    @Test
    void malformed() {
        assertThatThrownBy(() -> Datagram.parse(new byte[] {1, 0, 2}, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Datagram.parse(new byte[0], 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parse("6,1,2,-,ncfrag=40/31;x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parse("6,1,2")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sender_gapsAreLost_repeatsAreDuplicates_aRestartIsNotALoss() {
        Sender s = new Sender("n");
        for (long seq : new long[] {10, 11, 14, 15, 15}) {
            s.sequence(seq);
        }
        assertThat(s.lost).isEqualTo(2);
        assertThat(s.duplicates).isEqualTo(1);
        Sender r = new Sender("r");
        r.sequence(50_000);
        r.sequence(0);
        r.sequence(1);
        assertThat(r.lost).as("a node that rebooted starts again at 0").isZero();
    }

    @Test
    void sender_fragmentsReassembleInAnyOrder() {
        Sender s = new Sender("n");
        String whole = "the first chunk,the second chunk.";
        int total = whole.getBytes(StandardCharsets.UTF_8).length;
        assertThat(s.fragment(parse("4,17,900,-,ncfrag=16/" + total + ";" + whole.substring(16)))).isNull();
        assertThat(s.fragment(parse("4,17,900,-,ncfrag=0/" + total + ";" + whole.substring(0, 16)))).isEqualTo(whole);
    }

    @Test
    void receiver_perNodeFiles_gapsMalformed_panicAlarmAndCrashRecord_rotation() throws Exception {
        List<String> said = Collections.synchronizedList(new ArrayList<>());
        // the alarm goes to the alarm store (core/alarm), one raise per panic, with the node and the headline
        List<String> raised = Collections.synchronizedList(new ArrayList<>());
        NetconsoleReceiver.Raiser alarms = (node, summary) -> raised.add(node + ": " + summary);
        Files.createDirectories(dir.resolve("records"));
        RecordIndex records = RecordIndex.load(dir.resolve("records"));
        NetconsoleReceiver rx = new NetconsoleReceiver(dir.resolve("logs"), Map.of("127.0.1.3", "cna-03"), 2048, 2, alarms, records, said::add);
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        Thread t = new Thread(() -> {
            try {
                rx.run(socket);
            } catch (Exception e) {
                said.add("receiver failed: " + e);
            }
        });
        t.start();
        try (DatagramSocket n3 = new DatagramSocket(new InetSocketAddress("127.0.1.3", 0));
             DatagramSocket n9 = new DatagramSocket(new InetSocketAddress("127.0.1.9", 0))) {
            InetSocketAddress to = (InetSocketAddress) socket.getLocalSocketAddress();
            for (int i = 1; i <= 60; i++) {
                if (i != 7 && i != 8) {
                    send(n3, to, "6," + i + "," + i * 1000 + ",-;message number " + i + " padding padding padding");
                }
            }
            send(n3, to, "0,61,61000,-;Kernel panic - not syncing: Fatal exception in interrupt");
            send(n3, to, "\u0000garbage");
            send(n9, to, "plain text from an unknown sender\n");
            Thread.sleep(500);
        }
        rx.stop();
        t.join(5000);
        assertThat(said).contains("ALARM cna-03: Kernel panic - not syncing: Fatal exception in interrupt");
        assertThat(said).anySatisfy(l -> assertThat(l).startsWith("stored crash record for cna-03:"));
        assertThat(rx.stats().get("cna-03")).as("58 messages, the panic, the garbage").containsExactly(60, 2, 1, 0);
        assertThat(Files.readString(dir.resolve("logs/127.0.1.9.log"))).contains("plain text from an unknown sender");
        assertThat(dir.resolve("logs/cna-03.log.1")).as("rotated at 2 KiB").exists();
        assertThat(Files.readString(dir.resolve("logs/cna-03.log"))).contains("[    0.061000] Kernel panic - not syncing");
        assertThat(raised).containsExactly("cna-03: Kernel panic - not syncing: Fatal exception in interrupt");
        RecordIndex.Entry crash = RecordIndex.load(dir.resolve("records")).of("cna-03").values().iterator().next();
        assertThat(crash.kind()).isEqualTo("netconsole");
        assertThat(crash.summary().kind()).isEqualTo("panic");
        assertThat(Files.readString(dir.resolve("records").resolve(crash.stored()))).contains("message number 60").contains("Kernel panic");
    }

    private static void send(DatagramSocket from, InetSocketAddress to, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        from.send(new DatagramPacket(b, b.length, to));
        Thread.sleep(1);
    }
}
