package dev.vigil.core.alarm.sink;

import dev.vigil.core.alarm.Alarm;
import dev.vigil.core.alarm.AlarmStore;
import dev.vigil.core.alarm.AlarmsConfig;
import dev.vigil.core.alarm.Event;
import dev.vigil.core.tls.TlsTrust;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Syslog, RFC 5424, one message per event: over UDP (RFC 5426, one datagram each), TCP (RFC 6587
 * octet counting) or TLS (RFC 5425, the server's certificate and host name verified). Facility local0;
 * severity 2 (critical) for a critical alarm, 4 (warning) for a warning, 5 (notice) for a clear. The
 * alarm's fields are structured data {@code [vigil@32473 ...]} (32473: the example enterprise number of RFC 5612).
 */
public final class SyslogSink extends EventSink {

    public SyslogSink(AlarmsConfig.Sink config, Map<String, String> env) {
        super(config);
    }

    @Override
    void send(List<AlarmStore.Queued> mine) throws IOException {
        URI u = URI.create(config.url());
        InetSocketAddress to = new InetSocketAddress(u.getHost(), u.getPort());
        String host = java.net.InetAddress.getLocalHost().getHostName();
        int timeout = (int) config.timeoutOrDefault().toMillis();
        if (u.getScheme().equals("udp")) {
            try (DatagramSocket s = new DatagramSocket()) {
                for (AlarmStore.Queued q : mine) {
                    byte[] m = message(q, host).getBytes(StandardCharsets.UTF_8);
                    s.send(new DatagramPacket(m, m.length, to));
                }
            }
            return;
        }
        try (Socket s = u.getScheme().equals("tls") ? tls(u.getHost(), u.getPort(), timeout) : new Socket()) {
            if (!s.isConnected()) {
                s.connect(to, timeout);
            }
            s.setSoTimeout(timeout);
            OutputStream out = s.getOutputStream();
            StringBuilder frames = new StringBuilder();
            for (AlarmStore.Queued q : mine) {
                String m = message(q, host);
                frames.append(m.getBytes(StandardCharsets.UTF_8).length).append(' ').append(m);
            }
            out.write(frames.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            s.shutdownOutput();
        }
    }

    private Socket tls(String host, int port, int timeout) throws IOException {
        try {
            javax.net.ssl.SSLContext ctx = TlsTrust.context(config.caFile() == null ? null : Path.of(config.caFile()));
            Socket plain = new Socket();
            plain.connect(new InetSocketAddress(host, port), timeout);
            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, port, true);
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            if (!host.matches("[0-9.]+|.*:.*")) {
                p.setServerNames(List.of(new SNIHostName(host)));
            }
            s.setSSLParameters(p);
            s.setSoTimeout(timeout);
            s.startHandshake();
            return s;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(config.id() + ": cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** {@code <PRI>1 TIMESTAMP HOST vigil - ALARM [vigil@32473 ...] MSG}; MSG is plain UTF-8 text. */
    static String message(AlarmStore.Queued q, String host) {
        Event e = q.event();
        Alarm a = e.alarm();
        int severity = e.kind() == Event.Kind.CLEARED ? 5 : "critical".equals(a.severity()) ? 2 : 4;
        int pri = 16 * 8 + severity;
        StringBuilder sd = new StringBuilder("[vigil@32473");
        param(sd, "event", e.kind().label());
        param(sd, "seq", String.valueOf(q.seq()));
        param(sd, "source", a.source());
        param(sd, "node", a.node());
        param(sd, "item", a.item());
        param(sd, "severity", a.severity());
        param(sd, "state", a.state().label());
        param(sd, "firstSeen", a.firstSeen());
        if (a.report() != null) {
            param(sd, "report", a.report());
        }
        sd.append(']');
        String msg = (e.kind() == Event.Kind.CLEARED ? "cleared: " : e.kind() == Event.Kind.UPDATED ? "updated: " : "raised: ")
                + a.node() + " " + a.item() + ": " + (a.summary() == null ? "" : a.summary());
        return "<" + pri + ">1 " + timestamp(e.at()) + " " + name(host) + " vigil - ALARM " + sd + " " + msg.replace('\n', ' ');
    }

    /** RFC 5424's TIMESTAMP: at most six digits of the second's fraction (Java keeps nine), UTC. */
    static String timestamp(String instant) {
        java.time.Instant t = java.time.Instant.parse(instant).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(java.time.ZoneOffset.UTC).format(t);
    }

    private static void param(StringBuilder sd, String name, String value) {
        if (value != null) {
            // RFC 5424 6.3.3: '"', '\' and ']' are escaped with a backslash
            sd.append(' ').append(name).append("=\"").append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]")).append('"');
        }
    }

    /** HOSTNAME is PRINTUSASCII, at most 255 characters, no spaces. */
    private static String name(String host) {
        String h = host.replaceAll("[^\\x21-\\x7e]", "");
        return h.isEmpty() ? "-" : h.length() > 255 ? h.substring(0, 255) : h;
    }
}
