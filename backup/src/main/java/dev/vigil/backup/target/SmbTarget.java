package dev.vigil.backup.target;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.mserref.NtStatus;
import com.hierynomus.msfscc.FileAttributes;
import com.hierynomus.msfscc.fileinformation.FileIdBothDirectoryInformation;
import com.hierynomus.msfscc.fileinformation.FileStandardInformation;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2CreateOptions;
import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.share.DiskEntry;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An SMB 2/3 file share ({@code smb://[DOMAIN;]user@host[:port]/share/dir}) through smbj, as the
 * platform's Windows-hosted services hand their backups to the backup server. Signing and encryption
 * are required by default (so SMB 3 with AES); either may be relaxed per target for an old server, and
 * is then warned about. The password comes by reference only, as for FTPS. Every socket operation has
 * the target's timeout; the retries are {@link RetryingTarget}'s. Paths use {@code /} here and
 * {@code \} on the wire.
 */
public final class SmbTarget implements Target {
    private final String display;
    private final String host;
    private final int port;
    private final String domain;
    private final String user;
    private final String share;
    private final String dir;
    private final Supplier<char[]> password;
    private final Duration timeout;
    private final boolean signing;
    private final boolean encryption;

    public SmbTarget(String display, String host, int port, String domain, String user, String share, String dir,
                     Supplier<char[]> password, Duration timeout, boolean signing, boolean encryption) {
        this.display = display;
        this.host = host;
        this.port = port;
        this.domain = domain;
        this.user = user;
        this.share = share;
        this.dir = dir.replaceAll("^/+|/+$", "");
        this.password = password;
        this.timeout = timeout;
        this.signing = signing;
        this.encryption = encryption;
    }

    @Override
    public String display() {
        return display;
    }

    @Override
    public List<String> warnings() {
        List<String> w = new ArrayList<>();
        if (!encryption) {
            w.add(display + ": SMB encryption is off (smb_encrypt: false): the backups cross the network in the clear");
        }
        if (!signing) {
            w.add(display + ": SMB signing is off (smb_sign: false): what the server sends is not protected against tampering");
        }
        return w;
    }

    /** An authenticated, checked connection to the share (signing and encryption as configured); close it when done. */
    public record Connected(DiskShare share, AutoCloseable closer) implements AutoCloseable {
        @Override
        public void close() {
            try {
                closer.close();
            } catch (Exception e) {
                // closing
            }
        }
    }

    /** Connects and authenticates, checking what this target requires. Retryable failures are {@link RetryingTarget.Transient}. */
    public Connected connect() throws IOException {
        SmbConfig.Builder b = SmbConfig.builder()
                .withTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .withSoTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .withSigningRequired(signing)
                .withEncryptData(encryption);
        if (encryption) {
            // encryption is SMB 3: an SMB 2 server is refused rather than talked to in the clear
            b.withDialects(SMB2Dialect.SMB_3_1_1, SMB2Dialect.SMB_3_0_2, SMB2Dialect.SMB_3_0);
        }
        SMBClient client = new SMBClient(b.build());
        Connection conn = null;
        char[] pw = null;
        try {
            conn = client.connect(host, port);
            pw = password.get();
            com.hierynomus.smbj.session.Session s = conn.authenticate(new AuthenticationContext(user, pw, domain));
            if (encryption && (!conn.getConnectionContext().supportsEncryption() || !s.shouldEncryptData())) {
                // smbj would go on in the clear with a server that does not offer encryption: refused instead
                throw new Refused(display + ": the server does not offer SMB 3 encryption (dialect "
                        + conn.getNegotiatedProtocol().getDialect() + "); Vigil requires it by default (smb_encrypt: false allows a"
                        + " clear connection, warned about on every run)");
            }
            if (signing && !s.isSigningRequired() && !s.shouldEncryptData()) {
                throw new Refused(display + ": the session is not signed; Vigil requires signing by default (smb_sign: false relaxes it)");
            }
            DiskShare disk;
            try {
                disk = (DiskShare) s.connectShare(share);
            } catch (SMBApiException e) {
                if (e.getStatus() == NtStatus.STATUS_BAD_NETWORK_NAME) {
                    throw new NoSuchFileException(display + ": the server has no share '" + share + "' (or it is not offered to " + user + ")");
                }
                throw e;
            }
            Connection c = conn;
            return new Connected(disk, () -> {
                try {
                    disk.close();
                } catch (IOException | RuntimeException e) {
                    // closing
                }
                close(client, c);
            });
        } catch (NoSuchFileException | Refused e) {
            close(client, conn);
            throw e;
        } catch (SMBApiException e) {
            close(client, conn);
            if (e.getStatus() == NtStatus.STATUS_LOGON_FAILURE || e.getStatus() == NtStatus.STATUS_ACCESS_DENIED) {
                throw new IOException(display + ": login refused for " + (domain == null ? "" : domain + "\\") + user + " ("
                        + e.getStatus() + "); check the password in VIGIL_TARGET_PASSWORD or the password file", e);
            }
            throw new IOException(display + ": " + describe(e), e);
        } catch (IOException | RuntimeException e) {
            close(client, conn);
            Throwable root = root(e);
            if (root instanceof ConnectException || root instanceof SocketTimeoutException || root instanceof NoRouteToHostException) {
                throw new RetryingTarget.Transient("the server does not answer (" + root.getMessage() + ")", e);
            }
            String m = String.valueOf(e.getMessage()) + " " + String.valueOf(root.getMessage());
            if (encryption && (m.contains("encrypt") || m.contains("dialect") || m.contains("Dialect"))) {
                throw new IOException(display + ": the server does not offer SMB 3 encryption (" + root.getMessage()
                        + "); Vigil requires it by default (smb_encrypt: false allows a clear connection, warned about)", e);
            }
            throw new IOException(display + ": " + root.getMessage(), e);
        } finally {
            if (pw != null) {
                Arrays.fill(pw, '\0');
            }
        }
    }

    /** The share's directory of this target ("" for its root), with / separators. */
    public String dir() {
        return dir;
    }

    @Override
    public Session open(boolean create) throws IOException {
        Connected c = connect();
        DiskShare disk = c.share();
        try {
            SmbSession session = new SmbSession(c, disk);
            if (!dir.isEmpty() && !folderExists(disk, dir)) {
                if (!create) {
                    throw new NoSuchFileException(display + ": the directory " + dir + " does not exist on the share (nothing was created)");
                }
                StringBuilder p = new StringBuilder();
                for (String part : dir.split("/")) {
                    p.append(p.length() == 0 ? "" : "\\").append(part);
                    if (!folderExists(disk, p.toString())) {
                        disk.mkdir(p.toString());
                    }
                }
            }
            return session;
        } catch (IOException e) {
            c.close();
            throw e;
        } catch (RuntimeException e) {
            c.close();
            throw failure("open the directory " + dir, e);
        }
    }

    /** A connection Vigil will not use (no encryption, no signing): said as it is, not retried. */
    private static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private static void close(SMBClient client, Connection conn) {
        try {
            if (conn != null) {
                conn.close(true);
            }
        } catch (IOException | RuntimeException e) {
            // closing
        }
        client.close();
    }

    private static Throwable root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(SMBApiException e) {
        return e.getStatus() + " (" + e.getMessage() + ")";
    }

    public static boolean folderExists(DiskShare d, String path) {
        try {
            return d.folderExists(path);
        } catch (SMBApiException e) {
            if (missing(e)) {
                return false;
            }
            throw e;
        }
    }

    private static boolean missing(SMBApiException e) {
        return e.getStatus() == NtStatus.STATUS_OBJECT_NAME_NOT_FOUND || e.getStatus() == NtStatus.STATUS_OBJECT_PATH_NOT_FOUND
                || e.getStatus() == NtStatus.STATUS_NO_SUCH_FILE || e.getStatus() == NtStatus.STATUS_NOT_FOUND;
    }

    /** Failures of an open session: the share or server went away mid-run is an IOException that says so. */
    private IOException failure(String what, RuntimeException e) {
        if (e instanceof SMBApiException s) {
            return new IOException(display + ": " + what + ": " + describe(s), e);
        }
        return new IOException(display + ": " + what + ": the connection to the share broke (" + root(e).getMessage() + ")", e);
    }

    private final class SmbSession implements Session {
        private final Connected connected;
        private final DiskShare disk;

        SmbSession(Connected connected, DiskShare disk) {
            this.connected = connected;
            this.disk = disk;
        }

        private String abs(String path) {
            String p = (dir.isEmpty() ? "" : dir + "/") + path;
            return p.replaceAll("/+$", "").replace('/', '\\');
        }

        @Override
        public OutputStream create(String path) throws IOException {
            File f;
            try {
                f = disk.openFile(abs(path), EnumSet.of(AccessMask.GENERIC_WRITE), EnumSet.of(FileAttributes.FILE_ATTRIBUTE_NORMAL),
                        EnumSet.noneOf(SMB2ShareAccess.class), SMB2CreateDisposition.FILE_OVERWRITE_IF,
                        EnumSet.of(SMB2CreateOptions.FILE_NON_DIRECTORY_FILE));
            } catch (RuntimeException e) {
                throw failure("create " + path, e);
            }
            OutputStream out = f.getOutputStream();
            return new FilterOutputStream(out) {
                private boolean closed;

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    try {
                        out.write(b, off, len);
                    } catch (RuntimeException e) {
                        throw failure("write " + path, e);
                    }
                }

                @Override
                public void close() throws IOException {
                    if (closed) {
                        return;
                    }
                    closed = true;
                    try {
                        out.close();
                        f.close();
                    } catch (RuntimeException e) {
                        throw failure("write " + path, e);
                    }
                }
            };
        }

        @Override
        public InputStream open(String path) throws IOException {
            File f;
            try {
                f = disk.openFile(abs(path), EnumSet.of(AccessMask.GENERIC_READ), null, EnumSet.of(SMB2ShareAccess.FILE_SHARE_READ),
                        SMB2CreateDisposition.FILE_OPEN, EnumSet.of(SMB2CreateOptions.FILE_NON_DIRECTORY_FILE));
            } catch (SMBApiException e) {
                if (missing(e)) {
                    throw new NoSuchFileException(path, null, display + ": " + e.getStatus());
                }
                throw failure("open " + path, e);
            } catch (RuntimeException e) {
                throw failure("open " + path, e);
            }
            InputStream in = f.getInputStream();
            return new FilterInputStream(in) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        return in.read(b, off, len);
                    } catch (RuntimeException e) {
                        throw failure("read " + path, e);
                    }
                }

                @Override
                public void close() throws IOException {
                    try {
                        in.close();
                        f.close();
                    } catch (RuntimeException e) {
                        throw failure("read " + path, e);
                    }
                }
            };
        }

        @Override
        public long size(String path) throws IOException {
            try {
                return disk.getFileInformation(abs(path), FileStandardInformation.class).getEndOfFile();
            } catch (SMBApiException e) {
                if (missing(e)) {
                    return -1;
                }
                throw failure("size of " + path, e);
            } catch (RuntimeException e) {
                throw failure("size of " + path, e);
            }
        }

        @Override
        public void rename(String from, String to) throws IOException {
            try (DiskEntry e = disk.open(abs(from), EnumSet.of(AccessMask.DELETE, AccessMask.GENERIC_READ), null,
                    EnumSet.of(SMB2ShareAccess.FILE_SHARE_DELETE), SMB2CreateDisposition.FILE_OPEN, null)) {
                e.rename(abs(to), false);
            } catch (RuntimeException e) {
                throw failure("rename " + from + " to " + to, e);
            }
        }

        @Override
        public void delete(String path) throws IOException {
            try {
                disk.rm(abs(path));
            } catch (SMBApiException e) {
                if (!missing(e)) {
                    throw failure("delete " + path, e);
                }
            } catch (RuntimeException e) {
                throw failure("delete " + path, e);
            }
        }

        @Override
        public boolean mkdir(String path) throws IOException {
            try {
                disk.mkdir(abs(path));
                return true;
            } catch (SMBApiException e) {
                if (e.getStatus() == NtStatus.STATUS_OBJECT_NAME_COLLISION) {
                    return false;
                }
                throw failure("mkdir " + path, e);
            } catch (RuntimeException e) {
                throw failure("mkdir " + path, e);
            }
        }

        @Override
        public void rmdir(String path) throws IOException {
            try {
                disk.rmdir(abs(path), false);
            } catch (SMBApiException e) {
                if (!missing(e)) {
                    throw failure("rmdir " + path, e);
                }
            } catch (RuntimeException e) {
                throw failure("rmdir " + path, e);
            }
        }

        @Override
        public List<String> list(String d) throws IOException {
            List<String> names = new ArrayList<>();
            try {
                for (FileIdBothDirectoryInformation i : disk.list(abs(d))) {
                    String n = i.getFileName();
                    if (!n.equals(".") && !n.equals("..")) {
                        names.add(n);
                    }
                }
            } catch (SMBApiException e) {
                if (missing(e)) {
                    return List.of();
                }
                throw failure("list " + d, e);
            } catch (RuntimeException e) {
                throw failure("list " + d, e);
            }
            return names;
        }

        @Override
        public void close() {
            connected.close();
        }
    }
}
