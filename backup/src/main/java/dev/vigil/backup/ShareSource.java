package dev.vigil.backup;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.msfscc.FileAttributes;
import com.hierynomus.msfscc.fileinformation.FileIdBothDirectoryInformation;
import com.hierynomus.msfscc.fileinformation.FileStandardInformation;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2CreateOptions;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;
import dev.vigil.backup.Model.FileEntry;
import dev.vigil.backup.target.SmbTarget;
import dev.vigil.core.state.Hashing;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * A pull source: a node whose backup set is read from an SMB share ({@code vigil_backup_source:
 * smb://[DOMAIN;]user@host/share/dir}) instead of over SSH, as the platform's Windows-hosted services
 * (ITA, AD, DHCP, DNS) leave their backups on a share. The set's include paths are taken under the
 * source directory ({@code /} is all of it); a file is read with the share denying writers while it is
 * read, so its size holds. Files get mode 0644 and directories 0755 (a share has no POSIX modes),
 * owned by root. Signing and encryption as for an smb:// target.
 */
public final class ShareSource implements AutoCloseable {
    private final SmbTarget share;
    private SmbTarget.Connected connected;

    public ShareSource(SmbTarget share) {
        this.share = share;
    }

    public String display() {
        return share.display();
    }

    private DiskShare disk() throws IOException {
        if (connected == null) {
            connected = share.connect();
        }
        return connected.share();
    }

    /** The share path of a manifest path ("/a/b" under the source directory). */
    private String wire(String path) {
        String rel = path.replaceAll("^/+", "");
        String full = share.dir().isEmpty() ? rel : rel.isEmpty() ? share.dir() : share.dir() + "/" + rel;
        return full.replace('/', '\\');
    }

    /** Every directory and file under the include paths, as a listing of the node would give them. */
    List<FileEntry> list(List<String> include, List<String> warnings) throws IOException {
        List<FileEntry> out = new ArrayList<>();
        DiskShare d = disk();
        for (String inc : include) {
            String root = ("/" + inc.replaceAll("^/+|/+$", "")).replaceAll("^/$", "");
            try {
                if (root.isEmpty() || SmbTarget.folderExists(d, wire(root))) {
                    if (!root.isEmpty()) {
                        out.add(entry(root, true, 0, 0, 0, 0));
                    }
                    walk(d, root, out);
                } else if (d.fileExists(wire(root))) {
                    FileStandardInformation info = d.getFileInformation(wire(root), FileStandardInformation.class);
                    out.add(entry(root, false, info.getEndOfFile(), 0, 0, 0));
                } else {
                    warnings.add("listing: " + root + ": not on the share " + share.display());
                }
            } catch (SMBApiException e) {
                throw new IOException(share.display() + ": listing " + root + ": " + e.getStatus(), e);
            } catch (RuntimeException e) {
                throw new IOException(share.display() + ": listing " + root + ": the connection to the share broke (" + e.getMessage() + ")", e);
            }
        }
        return out;
    }

    private void walk(DiskShare d, String dir, List<FileEntry> out) {
        List<FileIdBothDirectoryInformation> items = d.list(wire(dir));
        items.sort((a, b) -> a.getFileName().compareTo(b.getFileName()));
        for (FileIdBothDirectoryInformation i : items) {
            String n = i.getFileName();
            if (n.equals(".") || n.equals("..")) {
                continue;
            }
            String p = dir + "/" + n;
            boolean isDir = (i.getFileAttributes() & FileAttributes.FILE_ATTRIBUTE_DIRECTORY.getValue()) != 0;
            long mtime = i.getLastWriteTime().toEpochMillis() * 1_000_000L;
            long ctime = i.getChangeTime().toEpochMillis() * 1_000_000L;
            out.add(entry(p, isDir, isDir ? 0 : i.getEndOfFile(), mtime, ctime, i.getFileId()));
            if (isDir) {
                walk(d, p, out);
            }
        }
    }

    private static FileEntry entry(String path, boolean dir, long size, long mtime, long ctime, long inode) {
        return new FileEntry(path, dir ? "d" : "f", dir ? 0755 : 0644, 0, 0, "root", "root", size, mtime, ctime, inode, null, null, null);
    }

    /** Reads the files into the archive, each while the share denies writers; one that cannot be opened is a warning. */
    void read(List<FileEntry> toRead, TarArchiveOutputStream tar, Map<String, FileEntry> wanted, Map<String, FileEntry> stored,
              List<String> warnings, String id) throws IOException {
        DiskShare d = disk();
        byte[] buf = new byte[64 * 1024];
        for (FileEntry f : toRead) {
            File file;
            long size;
            try {
                file = d.openFile(wire(f.path()), EnumSet.of(AccessMask.GENERIC_READ), null, EnumSet.of(SMB2ShareAccess.FILE_SHARE_READ),
                        SMB2CreateDisposition.FILE_OPEN, EnumSet.of(SMB2CreateOptions.FILE_NON_DIRECTORY_FILE));
                size = file.getFileInformation(FileStandardInformation.class).getEndOfFile();
            } catch (SMBApiException e) {
                warnings.add(f.path() + ": Cannot open on the share: " + e.getStatus());
                continue;
            } catch (RuntimeException e) {
                throw new IOException(share.display() + ": reading " + f.path() + ": the connection to the share broke (" + e.getMessage() + ")", e);
            }
            try (file; InputStream in = file.getInputStream()) {
                TarArchiveEntry out = new TarArchiveEntry(Tars.name(f.path()));
                out.setSize(size);
                out.setMode(0100644);
                out.setModTime(f.mtime() / 1_000_000L);
                out.setUserName("root");
                out.setGroupName("root");
                tar.putArchiveEntry(out);
                MessageDigest md = Hashing.sha256();
                long n = 0;
                while (n < size) {
                    int r = in.read(buf, 0, (int) Math.min(buf.length, size - n));
                    if (r < 0) {
                        throw new IOException(share.display() + ": " + f.path() + " ended at " + n + " of " + size + " bytes while writers were denied");
                    }
                    tar.write(buf, 0, r);
                    md.update(buf, 0, r);
                    n += r;
                }
                tar.closeArchiveEntry();
                stored.put(f.path(), wanted.get(f.path()).withContent(n, Hashing.hex(md), id));
            } catch (RuntimeException e) {
                throw new IOException(share.display() + ": reading " + f.path() + ": the connection to the share broke (" + e.getMessage() + ")", e);
            }
        }
    }

    @Override
    public void close() {
        if (connected != null) {
            connected.close();
        }
    }
}
