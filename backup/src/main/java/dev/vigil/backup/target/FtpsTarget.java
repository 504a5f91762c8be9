package dev.vigil.backup.target;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * An FTPS server: explicit (AUTH TLS, {@code ftpes://}) or implicit TLS ({@code ftps://}). The server
 * certificate is verified against the given context (system store or a CA file) with the host name
 * checked. One connection per {@link #open}; the retries are {@link RetryingTarget}'s.
 */
public final class FtpsTarget implements Target {
    private static final Logger log = LoggerFactory.getLogger(FtpsTarget.class);

    private final String display;
    private final String host;
    private final int port;
    private final boolean implicit;
    private final String user;
    private final String dir;
    private final Supplier<char[]> password;
    private final TlsFactory tls;
    private final Duration timeout;
    private final Security security;

    /**
     * How a connection is secured: the TLS versions offered, or plain FTP (no TLS; only when the target says allow_plain_ftp).
     *
     * @param protocols e.g. ["TLSv1.2", "TLSv1.3"], or null for the JDK's defaults
     */
    public record Security(List<String> protocols, boolean plain) {
        public static final Security DEFAULT = new Security(null, false);
    }

    public FtpsTarget(String display, String host, int port, boolean implicit, String user, String dir,
                      Supplier<char[]> password, TlsFactory tls, Duration timeout) {
        this(display, host, port, implicit, user, dir, password, tls, timeout, Security.DEFAULT);
    }

    public FtpsTarget(String display, String host, int port, boolean implicit, String user, String dir,
                      Supplier<char[]> password, TlsFactory tls, Duration timeout, Security security) {
        this.display = display;
        this.host = host;
        this.port = port;
        this.implicit = implicit;
        this.user = user;
        this.dir = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
        this.password = password;
        this.tls = tls;
        this.timeout = timeout;
        this.security = security;
    }

    @Override
    public String display() {
        return display;
    }

    @Override
    public List<String> warnings() {
        return security.plain()
                ? List.of(display + ": plain FTP (allow_plain_ftp): the password and every backup cross the network unencrypted"
                        + " and the server is not authenticated")
                : List.of();
    }

    /**
     * One attempt. A server that does not answer (or answers with a transient reply) is a
     * {@link RetryingTarget.Transient}, which {@link Targets} wraps this target to retry; a certificate
     * not trusted, a login refused or a missing directory is not.
     */
    @Override
    public Session open(boolean create) throws IOException {
        // its own context per connection: the JDK caches TLS sessions per context and host:port, and
        // parallel connections to one server must not resume each other's sessions (vsftpd refuses)
        long start = System.nanoTime();
        FtpsClient c = new FtpsClient(host, port, security.plain() ? null : newContext(), timeout,
                security.protocols() == null ? null : security.protocols().toArray(new String[0]), security.plain());
        try {
            c.connect(implicit, user, password.get());
            log.debug("{}: logged in over {} in {} ms", display, c.protocol(), (System.nanoTime() - start) / 1_000_000);
            if (!dir.isEmpty() && !c.isDirectory(dir)) {
                if (!create) {
                    throw new NoSuchFileException(display + ": the directory " + dir + " does not exist on the server (nothing was created)");
                }
                makeDirs(c, dir);
            }
            return new FtpSession(c);
        } catch (IOException e) {
            c.close();
            if (e instanceof NoSuchFileException) {
                throw e;
            }
            if (FtpsClient.isCertificateProblem(e) && isNameMismatch(e)) {
                throw new IOException(display + ": the server's certificate is not issued for " + host + " (" + rootMessage(e)
                        + "); connect by a name or address the certificate names, or have it reissued with " + host
                        + " in its subject alternative names", e);
            }
            if (FtpsClient.isCertificateProblem(e) && isProtocolMismatch(e)) {
                throw new IOException(display + ": no TLS version in common with the server (" + rootMessage(e)
                        + "); Vigil offers " + (security.protocols() == null ? "TLS 1.2 and 1.3" : String.join(", ", security.protocols()))
                        + " (tls_min_version, tls_max_version)", e);
            }
            if (FtpsClient.isCertificateProblem(e)) {
                throw new IOException(display + ": the server's certificate is not trusted (" + rootMessage(e)
                        + "); give its CA with --ca-file or the target's ca_file", e);
            }
            if (e instanceof FtpsClient.FtpReplyException r && r.code() == 530) {
                throw new IOException(display + ": login refused for " + user + " (" + e.getMessage()
                        + "); check the password in VIGIL_TARGET_PASSWORD or the password file", e);
            }
            if (retryable(e)) {
                throw new RetryingTarget.Transient(describe(e), e);
            }
            throw new IOException(display + ": " + e.getMessage(), e);
        }
    }

    /** Makes the TLS context of one connection. */
    @FunctionalInterface
    public interface TlsFactory {
        SSLContext create() throws IOException, java.security.GeneralSecurityException;
    }

    private SSLContext newContext() throws IOException {
        try {
            return tls.create();
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(display + ": cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Not answering, a transient reply, or a handshake that tripped over early data (a JDK server's 0.5-RTT greeting). */
    private static boolean retryable(IOException e) {
        return e instanceof ConnectException || e instanceof SocketTimeoutException || e instanceof NoRouteToHostException
                || e instanceof FtpsClient.FtpReplyException f && !f.permanent()
                || e instanceof javax.net.ssl.SSLException && String.valueOf(e.getMessage()).contains("before handshake complete");
    }

    private static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "the server does not answer (" + e.getMessage() + ")";
        }
        return e.getMessage();
    }

    /** The certificate is trusted but names another host: the JDK's endpoint identification said so. */
    private static boolean isNameMismatch(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t instanceof java.security.cert.CertificateException
                    && (m.startsWith("No subject alternative") || m.startsWith("No name matching"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isProtocolMismatch(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("protocol_version") || m.contains("No appropriate protocol")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static void makeDirs(FtpsClient c, String dir) throws IOException {
        StringBuilder p = new StringBuilder();
        for (String part : dir.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            p.append('/').append(part);
            c.mkdir(p.toString());
        }
    }

    private final class FtpSession implements Session {
        private final FtpsClient c;

        FtpSession(FtpsClient c) {
            this.c = c;
        }

        private String abs(String path) {
            return dir + "/" + path;
        }

        @Override
        public OutputStream create(String path) throws IOException {
            return c.store(abs(path));
        }

        @Override
        public InputStream open(String path) throws IOException {
            try {
                return c.retrieve(abs(path));
            } catch (FtpsClient.FtpReplyException e) {
                if (e.code() == 550) {
                    throw new NoSuchFileException(path, null, e.getMessage());
                }
                throw e;
            }
        }

        @Override
        public long size(String path) throws IOException {
            return c.size(abs(path));
        }

        @Override
        public void rename(String from, String to) throws IOException {
            c.rename(abs(from), abs(to));
        }

        @Override
        public void delete(String path) throws IOException {
            try {
                c.delete(abs(path));
            } catch (FtpsClient.FtpReplyException e) {
                if (c.size(abs(path)) >= 0) { // servers answer a missing file with 550 or 450
                    throw e;
                }
            }
        }

        @Override
        public boolean mkdir(String path) throws IOException {
            return c.mkdir(abs(path));
        }

        @Override
        public void rmdir(String path) throws IOException {
            try {
                c.rmdir(abs(path));
            } catch (FtpsClient.FtpReplyException e) {
                if (c.isDirectory(abs(path))) {
                    throw e;
                }
            }
        }

        @Override
        public List<String> list(String d) throws IOException {
            return c.list(abs(d));
        }

        @Override
        public void close() {
            c.close();
        }
    }
}
