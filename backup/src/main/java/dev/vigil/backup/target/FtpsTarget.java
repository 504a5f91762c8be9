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

    public FtpsTarget(String display, String host, int port, boolean implicit, String user, String dir,
                      Supplier<char[]> password, TlsFactory tls, Duration timeout) {
        this.display = display;
        this.host = host;
        this.port = port;
        this.implicit = implicit;
        this.user = user;
        this.dir = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
        this.password = password;
        this.tls = tls;
        this.timeout = timeout;
    }

    @Override
    public String display() {
        return display;
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
        FtpsClient c = new FtpsClient(host, port, newContext(), timeout);
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
