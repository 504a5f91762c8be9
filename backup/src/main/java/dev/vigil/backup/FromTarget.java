package dev.vigil.backup;

import dev.vigil.backup.Model.Catalog;
import dev.vigil.backup.Model.FileEntry;
import dev.vigil.backup.Model.Generation;
import dev.vigil.backup.Model.Manifest;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a target hands back (manifests, catalogs, archives) is not trusted: a server may be corrupt
 * or compromised. Every record is checked here before the rest of Vigil sees it, and whatever the
 * bytes are, the outcome is a checked record or an IOException that says what is wrong, never
 * another exception (an "internal error") or a record with holes that fails later.
 */
public final class FromTarget {
    private static final java.util.regex.Pattern SHA256 = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    private FromTarget() {
    }

    /** A manifest's JSON (already unzipped). */
    public static Manifest manifest(byte[] json) throws IOException {
        Manifest m = parse(json, Manifest.class, "manifest");
        if (m == null || m.node() == null || m.id() == null || m.type() == null || m.chain() == null) {
            throw new IOException("the manifest lacks its node, id, type or chain");
        }
        try {
            Model.Type.parse(m.type());
        } catch (IllegalArgumentException e) {
            throw new IOException("the manifest names an unknown type '" + m.type() + "'");
        }
        List<FileEntry> files = m.files() == null ? List.of() : m.files();
        for (FileEntry f : files) {
            if (f == null || f.path() == null || !f.path().startsWith("/") || f.type() == null || !List.of("f", "d", "l").contains(f.type())) {
                throw new IOException("the manifest lists an entry without an absolute path or with an unknown type");
            }
            if (f.isFile() && (f.sha256() == null || !SHA256.matcher(f.sha256()).matches() || f.from() == null || f.size() < 0)) {
                throw new IOException(f.path() + ": the manifest gives no valid SHA-256, size or source generation");
            }
            if (f.type().equals("l") && f.link() == null) {
                throw new IOException(f.path() + ": a symlink without a target in the manifest");
            }
        }
        List<Model.Archive> archives = m.archives() == null ? List.of() : m.archives();
        for (Model.Archive a : archives) {
            if (a == null || a.name() == null || a.kind() == null || a.sha256() == null || a.name().contains("/") || a.name().startsWith(".")) {
                throw new IOException("the manifest lists an archive without a plain name, kind or SHA-256");
            }
        }
        return new Manifest(m.schema(), m.node(), m.id(), m.type(), m.chain(), m.parent(), m.started() == null ? "" : m.started(),
                m.finished(), m.reason(), m.compression(), orEmpty(m.paths()), archives, files, orEmpty(m.deleted()), orEmpty(m.warnings()));
    }

    /** A catalog's JSON. */
    public static Catalog catalog(byte[] json) throws IOException {
        Catalog c = parse(json, Catalog.class, "catalog");
        if (c == null) {
            throw new IOException("the catalog is empty");
        }
        List<Generation> gens = new ArrayList<>();
        for (Generation g : c.generations() == null ? List.<Generation>of() : c.generations()) {
            if (g == null || g.node() == null || g.id() == null || g.type() == null || g.chain() == null || g.time() == null) {
                throw new IOException("the catalog lists a generation without its node, id, type, chain or time");
            }
            try {
                Model.Type.parse(g.type());
            } catch (IllegalArgumentException e) {
                throw new IOException("the catalog lists " + g.id() + " with an unknown type '" + g.type() + "'");
            }
            gens.add(g);
        }
        return new Catalog(c.schema(), c.sequence(), c.updated(), gens);
    }

    /** The paths in a (decompressed) files archive, in order; for checks and tests of what a restore would read. */
    public static List<String> tarEntries(byte[] tar) throws IOException {
        List<String> out = new ArrayList<>();
        try (TarArchiveInputStream in = Tars.in(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = nextEntry(in)) != null) {
                out.add(Tars.path(e));
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
        return out;
    }

    /** The next entry of an archive from a target; a corrupt header is an IOException, whatever the library throws. */
    static TarArchiveEntry nextEntry(TarArchiveInputStream in) throws IOException {
        try {
            return in.getNextEntry();
        } catch (RuntimeException e) {
            throw new IOException("corrupt archive (" + firstLine(e) + ")", e);
        }
    }

    /** Where a manifest path goes under a restore directory; a path that would leave it, or is no path here, is an IOException. */
    public static Path restorePath(Path root, String path) throws IOException {
        return Restorer.under(root, path);
    }

    /** JSON bound to a record; whatever the bytes, an IOException naming {@code what} if they do not bind. */
    private static <T> T parse(byte[] json, Class<T> type, String what) throws IOException {
        try {
            return Model.JSON.readValue(json, type);
        } catch (IOException | RuntimeException e) {
            throw new IOException("the " + what + " is not readable (" + firstLine(e) + ")", e);
        }
    }

    private static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
