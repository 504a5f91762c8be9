package dev.vigil.kbox.netconsole;

import dev.vigil.core.state.AtomicFiles;
import dev.vigil.kbox.CrashSummary;
import dev.vigil.kbox.KboxCollector;
import dev.vigil.kbox.RecordIndex;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Receives kernel messages that nodes send with netconsole/netpoll over UDP: one log file per
 * sender (named by its inventory node when the address is known), plain and extended format,
 * fragments reassembled, lost messages counted from sequence gaps, malformed datagrams counted and
 * skipped. A panic or Oops raises an alarm at once (a line to the operator and an alarm record the
 * health check reads) and, a few seconds later, the messages around it are stored as a crash
 * record in the black-box records directory, as {@code kbox collect} would store it.
 *
 * <p>One thread receives and writes; files are flushed when the socket is idle for a moment and
 * when the receiver stops.
 */
public final class NetconsoleReceiver {
    static final Pattern CRASH = Pattern.compile("Kernel panic - not syncing|Oops|BUG: |general protection fault|kernel BUG at");
    static final long CAPTURE_MILLIS = 3000;
    static final int CAPTURE_LINES = 100;

    private final Path dir;
    private final Map<String, String> nodeByAddress;
    private final long rotateBytes;
    private final int keep;
    private final Raiser alarms;
    private final RecordIndex records;
    private final Consumer<String> operator;
    private final Map<String, Sender> senders = new LinkedHashMap<>();
    private final Map<String, SenderLog> logs = new LinkedHashMap<>();
    private final Map<String, Capture> captures = new LinkedHashMap<>();
    private volatile boolean running = true;

    private static final class Capture {
        final List<String> lines;
        final String headline;
        final long until;

        Capture(List<String> lines, String headline, long until) {
            this.lines = lines;
            this.headline = headline;
            this.until = until;
        }
    }

    /**
     * @param records where crash records go (the kbox records directory and its index), or null for none
     * @param alarms    raises the alarm of a panic or Oops (the alarm store), or null for none
     */
    public NetconsoleReceiver(Path dir, Map<String, String> nodeByAddress, long rotateBytes, int keep, Raiser alarms,
                              RecordIndex records, Consumer<String> operator) {
        this.dir = dir;
        this.nodeByAddress = nodeByAddress;
        this.rotateBytes = rotateBytes;
        this.keep = keep;
        this.alarms = alarms;
        this.records = records;
        this.operator = operator;
    }

    /** Receives until {@link #stop()}; then flushes, finishes pending crash records and returns. */
    public void run(DatagramSocket socket) throws IOException {
        dev.vigil.core.state.PrivateFiles.dirs(dir);
        socket.setSoTimeout(200);
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            while (running) {
                try {
                    p.setLength(buf.length);
                    socket.receive(p);
                    accept(p.getAddress(), buf, p.getLength());
                } catch (SocketTimeoutException idle) {
                    flush();
                    finishCaptures(false);
                } catch (SocketException closed) {
                    if (running) {
                        throw closed;
                    }
                }
            }
        } finally {
            finishCaptures(true);
            for (SenderLog l : logs.values()) {
                l.close();
            }
        }
    }

    public void stop() {
        running = false;
    }

    /** Handles one datagram; never throws for what a node sent. */
    public void accept(InetAddress from, byte[] data, int length) throws IOException {
        String address = from.getHostAddress();
        Sender s = senders.computeIfAbsent(address, a -> new Sender(nodeByAddress.getOrDefault(a, a)));
        s.received++;
        Datagram d;
        try {
            d = Datagram.parse(data, length);
        } catch (IllegalArgumentException e) {
            s.malformed++;
            return;
        }
        String text;
        if (d.extended()) {
            if (d.fragment()) {
                try {
                    text = s.fragment(d);
                } catch (IllegalArgumentException e) {
                    s.malformed++;
                    return;
                }
                if (text == null) {
                    return;
                }
            } else {
                text = d.text();
            }
            s.sequence(d.seq());
        } else {
            text = d.text();
        }
        String stamp = stamp();
        SenderLog log = logs.get(s.name);
        if (log == null) {
            log = new SenderLog(dir.resolve(KboxCollector.safeName(s.name) + ".log"), rotateBytes, keep);
            logs.put(s.name, log);
        }
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            // a datagram is anyone's bytes: its escape sequences never reach a terminal or a text file raw
            String safe = dev.vigil.core.text.Printable.line(line);
            String shown = d.extended() && !line.startsWith(" ") ? kernelStamp(d.timestampMicros()) + safe : safe;
            log.write(stamp + " " + shown);
            s.remember(shown);
            Capture c = captures.get(s.name);
            if (c != null) {
                c.lines.add(shown);
            } else if (maybeCrash(line) && CRASH.matcher(line).find()) {
                raise(s, shown);
            }
        }
    }

    private long stampMillis = -1;
    private String stampText;

    /** The receive time, formatted once per millisecond (many datagrams share one). */
    private String stamp() {
        long now = System.currentTimeMillis();
        if (now != stampMillis) {
            stampMillis = now;
            stampText = Instant.ofEpochMilli(now).toString();
        }
        return stampText;
    }

    /** "[    61.000123] " as dmesg prints the kernel's timestamp. */
    static String kernelStamp(long micros) {
        String sec = Long.toString(micros / 1_000_000);
        String frac = Long.toString(micros % 1_000_000);
        StringBuilder sb = new StringBuilder(24).append('[');
        for (int i = sec.length(); i < 5; i++) {
            sb.append(' ');
        }
        sb.append(sec).append('.');
        for (int i = frac.length(); i < 6; i++) {
            sb.append('0');
        }
        return sb.append(frac).append("] ").toString();
    }

    /** A cheap test before the regex: every crash signature contains one of these. */
    private static boolean maybeCrash(String line) {
        return line.indexOf("anic") >= 0 || line.indexOf("Oops") >= 0 || line.indexOf("BUG") >= 0 || line.indexOf("protection") >= 0;
    }

    private void raise(Sender s, String line) throws IOException {
        String headline = line.replaceFirst("^\\[\\s*\\d+\\.\\d+\\] ", "");
        operator.accept("ALARM " + s.name + ": " + headline);
        captures.put(s.name, new Capture(new ArrayList<>(s.recent()), headline, System.currentTimeMillis() + CAPTURE_MILLIS));
        if (alarms != null) {
            try {
                alarms.raise(s.name, headline);
            } catch (IOException | RuntimeException e) {
                // the receiver goes on: the crash record and the ALARM line are there; the store is told again on the next one
                operator.accept("WARNING: the alarm for " + s.name + " could not be raised: " + e.getMessage());
            }
        }
    }

    /** Raises the alarm of a panic or Oops on a node. */
    @FunctionalInterface
    public interface Raiser {
        void raise(String node, String summary) throws IOException;
    }

    private void finishCaptures(boolean all) throws IOException {
        long now = System.currentTimeMillis();
        List<String> done = new ArrayList<>();
        captures.forEach((node, c) -> {
            if (all || now >= c.until || c.lines.size() >= Sender.CONTEXT_LINES + CAPTURE_LINES) {
                done.add(node);
            }
        });
        for (String node : done) {
            Capture c = captures.remove(node);
            if (records != null) {
                storeCrash(node, c);
            }
        }
    }

    private void storeCrash(String node, Capture c) throws IOException {
        String text = String.join("\n", c.lines) + "\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(sha256(bytes));
        Path nodeDir = records.dir().resolve(KboxCollector.safeName(node)).resolve("netconsole");
        dev.vigil.core.state.PrivateFiles.dirs(nodeDir);
        Path file = nodeDir.resolve("crash-" + Instant.now().toString().replace(':', '-') + ".txt");
        AtomicFiles.write(file, bytes);
        CrashSummary summary = CrashSummary.of(text);
        records.add(node, sha, new RecordIndex.Entry("netconsole", "netconsole", records.dir().relativize(file).toString(),
                bytes.length, Instant.now().getEpochSecond(), Instant.now().toString(), summary));
        records.save();
        operator.accept("stored crash record for " + node + ": " + file);
    }

    private static byte[] sha256(byte[] b) {
        return dev.vigil.core.state.Hashing.sha256(b);
    }

    void flush() throws IOException {
        for (SenderLog l : logs.values()) {
            l.flush();
        }
    }

    /** Per sender: received, lost (sequence gaps), malformed, duplicates. */
    public Map<String, long[]> stats() {
        Map<String, long[]> out = new LinkedHashMap<>();
        senders.values().forEach(s -> out.put(s.name, new long[] {s.received, s.lost, s.malformed, s.duplicates}));
        return out;
    }
}
