package dev.vigil.core.state;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one digest Vigil uses: of bytes, and (with byte counts) of what passes through a stream. */
public final class Hashing {
    private Hashing() {
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SHA-256 of these bytes. */
    public static byte[] sha256(byte[] data) {
        return sha256().digest(data);
    }

    public static String hex(MessageDigest d) {
        return HexFormat.of().formatHex(d.digest());
    }

    /** Counts and hashes what is written, then passes it on. */
    public static final class Out extends FilterOutputStream {
        private final MessageDigest digest = sha256();
        private long count;

        public Out(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            digest.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            digest.update(b, off, len);
            count += len;
        }

        public long count() {
            return count;
        }

        public String hex() {
            return Hashing.hex(digest);
        }
    }

    /** Counts and hashes what is read through it. */
    public static final class In extends java.io.FilterInputStream {
        private final MessageDigest digest = sha256();
        private long count;

        public In(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                digest.update((byte) b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
                count += n;
            }
            return n;
        }

        public long count() {
            return count;
        }

        public String hex() {
            return Hashing.hex(digest);
        }
    }

    /** Reads a stream to its end: its size and SHA-256. */
    public record Sum(long size, String sha256) {
        public static Sum of(InputStream in) throws IOException {
            MessageDigest d = Hashing.sha256();
            byte[] buf = new byte[64 * 1024];
            long n = 0;
            int r;
            while ((r = in.read(buf)) >= 0) {
                d.update(buf, 0, r);
                n += r;
            }
            return new Sum(n, hex(d));
        }
    }
}
