package dev.vigil.backup.target;

import tlschannel.ClientTlsChannel;
import tlschannel.TlsChannel;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small FTP client that speaks FTPS: explicit (AUTH TLS) or implicit TLS, {@code PBSZ 0} /
 * {@code PROT P} so data is encrypted too, passive mode (EPSV, then PASV), binary type; and plain FTP
 * only when a target says {@code allow_plain_ftp: true}.
 *
 * <p>Why not commons-net: servers such as vsftpd with {@code require_ssl_reuse=YES} accept a data
 * connection only if it resumes the control connection's TLS session. The JDK looks a session up by
 * the peer's host and port, and a data connection has another port, so it never resumes. Here every
 * TLS connection is an {@link SSLEngine} created for the control connection's host and port, driven
 * over a plain socket, so the JDK offers the control session (a TLS 1.2 session id or a TLS 1.3
 * ticket) on every data connection. Each data connection is closed with a full close_notify
 * exchange, so a TLS 1.3 server's fresh single-use ticket is read and cached for the next one.
 *
 * <p>Every socket has a connect and a read timeout. Not thread-safe: one client per thread.
 */
public final class FtpsClient implements AutoCloseable {
    private static final Pattern EPSV = Pattern.compile("\\(([^\\d])\\1\\1(\\d+)\\1\\)");
    private static final Pattern PASV = Pattern.compile("(\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)");

    /** A reply the server gave that the command did not expect. */
    public static final class FtpReplyException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int code;

        FtpReplyException(String command, Reply reply) {
            super(command + ": " + reply.code + " " + reply.text);
            this.code = reply.code;
        }

        public int code() {
            return code;
        }

        /** 5xx: the server will not do it (missing file, no permission, disk full on some servers). */
        public boolean permanent() {
            return code >= 500;
        }
    }

    record Reply(int code, String text) {
    }

    private final String host;
    private final int port;
    private final SSLContext tls;
    private final Duration timeout;
    private final String[] protocols;
    private final boolean plain;
    private Socket socket;
    private ByteChannel channel;
    private BufferedReader in;
    private OutputStream out;
    private String protocol;
    private boolean usePasvOnly;
    private Tls13Reuse.Ticket ticket;

    public FtpsClient(String host, int port, SSLContext tls, Duration timeout) {
        this(host, port, tls, timeout, null, false);
    }

    /**
     * @param protocols the TLS versions offered ("TLSv1.2", "TLSv1.3"), or null for the JDK's
     * @param plain     no TLS at all (plain FTP: the password and the data cross the network in the clear)
     */
    public FtpsClient(String host, int port, SSLContext tls, Duration timeout, String[] protocols, boolean plain) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.timeout = timeout;
        this.protocols = protocols == null ? null : protocols.clone();
        this.plain = plain;
    }

    /** Connects, secures the control connection and logs in. */
    public void connect(boolean implicit, String user, char[] password) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
        socket.setSoTimeout((int) timeout.toMillis());
        socket.setTcpNoDelay(true);
        if (plain) {
            channel = new SocketChannelAdapter(socket);
            attachStreams();
            expect("connect", read(), 220);
            protocol = "plain FTP";
        } else if (implicit) {
            secureControl();
            expect("connect", read(), 220);
        } else {
            channel = new SocketChannelAdapter(socket);
            attachStreams();
            expect("connect", read(), 220);
            expect("AUTH TLS", command("AUTH TLS"), 234);
            secureControl();
        }
        Reply r = command("USER " + user);
        if (r.code == 331) {
            r = command("PASS " + new String(password));
        }
        if (r.code != 230) {
            throw new FtpReplyException("login as " + user, r);
        }
        if (!plain) {
            expect("PBSZ 0", command("PBSZ 0"), 200);
            expect("PROT P", command("PROT P"), 200);
        }
        expect("TYPE I", command("TYPE I"), 200);
        if ("TLSv1.3".equals(protocol)) {
            // the tickets came after the handshake and were read with the replies above
            ticket = Tls13Reuse.capture(tls, host, port);
        }
    }

    /** The TLS protocol of the control connection, e.g. "TLSv1.3". */
    public String protocol() {
        return protocol;
    }

    private void secureControl() throws IOException {
        TlsChannel t = tlsOver(socket);
        channel = t;
        handshake(t);
        protocol = ((ClientTlsChannel) t).getSslEngine().getSession().getProtocol();
        attachStreams();
    }

    private void attachStreams() {
        in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        out = Channels.newOutputStream(channel);
    }

    private TlsChannel tlsOver(Socket s) {
        // one engine identity (host, control port) for every connection: the data connections resume
        SSLEngine engine = tls.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        if (protocols != null) {
            engine.setEnabledProtocols(protocols);
        }
        SSLParameters p = engine.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(p);
        return ClientTlsChannel.newBuilder(new SocketChannelAdapter(s), engine).build();
    }

    private static void handshake(TlsChannel t) throws IOException {
        try {
            t.handshake();
        } catch (tlschannel.TlsChannelCallbackException e) {
            throw new SSLException(e.getMessage(), e);
        }
    }

    // ---- commands ----

    public OutputStream store(String path) throws IOException {
        Socket data = openPassive();
        Reply r = command("STOR " + path);
        if (r.code != 150 && r.code != 125) {
            data.close();
            throw new FtpReplyException("STOR " + path, r);
        }
        ByteChannel t = secureData(data);
        return new FilterOutputStream(Channels.newOutputStream(t)) {
            private boolean closed;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    closed = true;
                    finishData(t, data);
                    throw serverReason("STOR " + path, e);
                }
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                finishData(t, data);
                expect("STOR " + path, FtpsClient.this.read(), 226, 250);
            }
        };
    }

    public InputStream retrieve(String path) throws IOException {
        Socket data = openPassive();
        Reply r = command("RETR " + path);
        if (r.code != 150 && r.code != 125) {
            data.close();
            throw new FtpReplyException("RETR " + path, r);
        }
        ByteChannel t = secureData(data);
        return new FilterInputStream(Channels.newInputStream(t)) {
            private boolean closed;

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                byte[] rest = new byte[8192];
                boolean complete = true;
                try {
                    // drain what is left so the server finishes with 226 rather than an abort
                    while (in.read(rest) >= 0) {
                        // discard
                    }
                } catch (IOException e) {
                    complete = false;
                }
                finishData(t, data);
                Reply end = FtpsClient.this.read();
                if (complete && end.code != 226 && end.code != 250) {
                    throw new FtpReplyException("RETR " + path, end);
                }
            }
        };
    }

    /** A data connection broke: the server's reply on the control connection says why (e.g. 451/552, disk full). */
    private IOException serverReason(String command, IOException broken) {
        try {
            socket.setSoTimeout(5000);
            Reply r = read();
            socket.setSoTimeout((int) timeout.toMillis());
            String hint = r.code == 451 || r.code == 452 || r.code == 552 ? " (is the server's disk full?)" : "";
            return new IOException(command + ": " + r.code + " " + r.text + hint, broken);
        } catch (IOException | RuntimeException e) {
            return new IOException(command + ": the data connection broke (" + broken.getMessage() + ")", broken);
        }
    }

    /** Names in {@code dir} (no paths); empty when the directory is empty or missing. */
    public List<String> list(String dir) throws IOException {
        Socket data = openPassive();
        Reply r = command("NLST " + dir);
        if (r.code == 450 || r.code == 550 || r.code == 226) {
            data.close();
            return List.of();
        }
        if (r.code != 150 && r.code != 125) {
            data.close();
            throw new FtpReplyException("NLST " + dir, r);
        }
        ByteChannel t = secureData(data);
        List<String> names = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(Channels.newInputStream(t), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isEmpty()) {
                    String name = line.substring(line.lastIndexOf('/') + 1);
                    if (!name.equals(".") && !name.equals("..")) {
                        names.add(name);
                    }
                }
            }
        } finally {
            finishData(t, data);
        }
        expect("NLST " + dir, read(), 226, 250);
        return names;
    }

    /** The size in bytes, or -1 when there is no such file. */
    public long size(String path) throws IOException {
        Reply r = command("SIZE " + path);
        if (r.code == 213) {
            return Long.parseLong(r.text.trim());
        }
        if (r.code == 550) {
            return -1;
        }
        throw new FtpReplyException("SIZE " + path, r);
    }

    public void rename(String from, String to) throws IOException {
        expect("RNFR " + from, command("RNFR " + from), 350);
        expect("RNTO " + to, command("RNTO " + to), 250);
    }

    public void delete(String path) throws IOException {
        expect("DELE " + path, command("DELE " + path), 250);
    }

    /** Makes a directory; false when it already exists (or cannot be made: the reply says which). */
    public boolean mkdir(String path) throws IOException {
        Reply r = command("MKD " + path);
        if (r.code == 257) {
            return true;
        }
        if (r.code == 550 || r.code == 521) {
            return false;
        }
        throw new FtpReplyException("MKD " + path, r);
    }

    public void rmdir(String path) throws IOException {
        expect("RMD " + path, command("RMD " + path), 250);
    }

    /** True when {@code path} is a directory (CWD works), and returns to the root. */
    public boolean isDirectory(String path) throws IOException {
        Reply r = command("CWD " + path);
        if (r.code == 250) {
            expect("CWD /", command("CWD /"), 250);
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        if (socket == null) {
            return;
        }
        try {
            if (out != null) {
                socket.setSoTimeout(2000);
                command("QUIT");
            }
        } catch (IOException | RuntimeException e) {
            // closing anyway
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
        try {
            socket.close();
        } catch (IOException e) {
            // closed
        }
        socket = null;
    }

    // ---- data connections ----

    private Socket openPassive() throws IOException {
        int dataPort = -1;
        if (!usePasvOnly) {
            Reply r = command("EPSV");
            Matcher m = EPSV.matcher(r.text);
            if (r.code == 229 && m.find()) {
                dataPort = Integer.parseInt(m.group(2));
            } else {
                usePasvOnly = true;
            }
        }
        if (dataPort < 0) {
            Reply r = command("PASV");
            Matcher m = PASV.matcher(r.text);
            if (r.code != 227 || !m.find()) {
                throw new FtpReplyException("PASV", r);
            }
            // the address in the reply is ignored: data goes to the host we logged in to
            dataPort = Integer.parseInt(m.group(5)) * 256 + Integer.parseInt(m.group(6));
        }
        Socket data = new Socket();
        data.connect(new InetSocketAddress(host, dataPort), (int) timeout.toMillis());
        data.setSoTimeout((int) timeout.toMillis());
        // small TLS records (handshake, close_notify) must not wait for a delayed ACK (Nagle): ~40 ms each
        data.setTcpNoDelay(true);
        return data;
    }

    private ByteChannel secureData(Socket data) throws IOException {
        if (plain) {
            return new SocketChannelAdapter(data);
        }
        Tls13Reuse.rearm(tls, host, port, ticket);
        TlsChannel t = tlsOver(data);
        try {
            handshake(t);
        } catch (IOException e) {
            data.close();
            read(); // the server's reply to the failed transfer
            throw e;
        }
        return t;
    }

    /**
     * Ends a data connection: our close_notify, then what the server still sends is read through the
     * engine until its close_notify. Under TLS 1.3 that includes the single-use ticket the server
     * issued for this connection, which the next data connection needs to resume.
     */
    private static void finishData(ByteChannel ch, Socket data) {
        try {
            data.setSoTimeout(5000);
            if (ch instanceof TlsChannel t && !t.shutdown()) {
                drainInbound(((ClientTlsChannel) t).getSslEngine(), data.getInputStream());
            }
        } catch (IOException | RuntimeException e) {
            // the peer closed first; the reply on the control connection tells how it went
        } finally {
            try {
                ch.close();
            } catch (IOException e) {
                // closing
            }
            try {
                data.close();
            } catch (IOException e) {
                // closed
            }
        }
    }

    private static void drainInbound(SSLEngine engine, InputStream raw) throws IOException {
        ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        while (!engine.isInboundDone()) {
            int n = raw.read(net.array(), net.position(), net.remaining());
            if (n < 0) {
                return;
            }
            net.position(net.position() + n);
            net.flip();
            while (net.hasRemaining() && !engine.isInboundDone()) {
                SSLEngineResult r = engine.unwrap(net, app);
                app.clear();
                if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0) {
                    break;
                }
            }
            net.compact();
        }
    }

    // ---- control connection ----

    private Reply command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return read();
    }

    private Reply read() throws IOException {
        String first;
        try {
            first = in.readLine();
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("no reply from " + host + ":" + port + " within " + timeout.toSeconds() + " s");
        }
        if (first == null) {
            throw new IOException("the server closed the connection");
        }
        if (first.length() < 3 || !first.substring(0, 3).chars().allMatch(Character::isDigit)) {
            throw new IOException("not an FTP reply: " + first);
        }
        StringBuilder text = new StringBuilder(first.length() > 4 ? first.substring(4) : "");
        if (first.length() > 3 && first.charAt(3) == '-') {
            String end = first.substring(0, 3) + " ";
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(end)) {
                    text.append('\n').append(line.substring(4));
                    break;
                }
                text.append('\n').append(line);
            }
        }
        return new Reply(Integer.parseInt(first.substring(0, 3)), text.toString());
    }

    private Reply expect(String what, Reply r, int... codes) throws FtpReplyException {
        for (int c : codes) {
            if (r.code == c) {
                return r;
            }
        }
        if (r.code == 425 || r.code == 522) {
            // a data connection refused: most often the server requires the TLS session to be resumed
            String hint = "TLSv1.3".equals(protocol) && !Tls13Reuse.available()
                    ? "; the server requires TLS session reuse, which under TLS 1.3 needs the JVM option"
                    + " --add-opens java.base/sun.security.ssl=ALL-UNNAMED (the vigil launcher gives it; "
                    + Tls13Reuse.unavailableReason() + "), or tls_max_version: \"1.2\" on this target"
                    : "";
            throw new FtpReplyException(what, new Reply(r.code, r.text + hint));
        }
        throw new FtpReplyException(what, r);
    }

    /** Says a certificate problem plainly; other errors pass through. */
    static boolean isCertificateProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException || t instanceof java.security.cert.CertificateException) {
                return true;
            }
        }
        return false;
    }

    /** A blocking ByteChannel over a socket's streams, so the socket's read timeout applies. */
    private static final class SocketChannelAdapter implements ByteChannel {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        SocketChannelAdapter(Socket socket) {
            this.socket = socket;
            try {
                this.in = socket.getInputStream();
                this.out = socket.getOutputStream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int n;
            if (dst.hasArray()) {
                n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
                if (n > 0) {
                    dst.position(dst.position() + n);
                }
            } else {
                byte[] b = new byte[Math.min(dst.remaining(), 64 * 1024)];
                n = in.read(b);
                if (n > 0) {
                    dst.put(b, 0, n);
                }
            }
            return n;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = src.remaining();
            if (src.hasArray()) {
                out.write(src.array(), src.arrayOffset() + src.position(), n);
                src.position(src.limit());
            } else {
                byte[] b = new byte[n];
                src.get(b);
                out.write(b);
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return !socket.isClosed();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
