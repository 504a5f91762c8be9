package dev.vigil.backup;

import dev.vigil.core.text.RawNames;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * Tar streams whose names are bytes, as GNU tar's are: headers are read and written as ISO-8859-1
 * (one char per byte) and converted to and from {@link RawNames}, so a name that is not UTF-8 is
 * stored and restored unchanged. Long names use GNU long-name entries, raw bytes too, which the
 * node's GNU tar reads natively.
 */
final class Tars {
    private static final String BYTES = "ISO-8859-1";

    private Tars() {
    }

    static TarArchiveInputStream in(InputStream raw) {
        return new TarArchiveInputStream(raw, BYTES);
    }

    static TarArchiveOutputStream out(OutputStream raw) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(raw, 64 * 1024, BYTES);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        return tar;
    }

    /** The absolute path (as a manifest holds it) of an entry read by {@link #in}. */
    static String path(TarArchiveEntry e) {
        String n = RawNames.fromLatin1(e.getName());
        if (n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        return "/" + n;
    }

    /** The header name for an absolute path (and for a directory, with its trailing slash). */
    static String name(String absolutePath) {
        return RawNames.toLatin1(absolutePath.substring(1));
    }

    static String linkName(String target) {
        return RawNames.toLatin1(target);
    }
}
