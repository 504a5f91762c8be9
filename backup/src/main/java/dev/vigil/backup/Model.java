package dev.vigil.backup;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;

/**
 * The records a target holds: each generation's manifest (uploaded last, it makes the generation
 * whole) and the target's catalog (one entry per generation). JSON, snake_case, schema 1; unknown
 * fields are ignored so older Vigils can read newer targets.
 */
public final class Model {
    private Model() {
    }

    public static final ObjectMapper JSON = dev.vigil.core.config.Yaml.recordMapper();

    public enum Type {
        FULL, INCREMENTAL, DIFFERENTIAL, PRE_RISK;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        public static Type parse(String s) {
            for (Type t : values()) {
                if (t.label().equals(s)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown backup type '" + s + "' (full, incremental, differential, pre-risk)");
        }

        /** A full or pre-risk generation stands alone; the others need their chain. */
        public boolean standalone() {
            return this == FULL || this == PRE_RISK;
        }
    }

    /**
     * One path of the backed-up state. {@code type}: f (file), d (directory), l (symlink). For a
     * file, {@code from} is the generation whose files archive holds its content (this one, or an
     * earlier one of the chain when it did not change). Times are nanoseconds since the epoch.
     */
    public record FileEntry(String path, String type, int mode, int uid, int gid, String user, String group,
                            long size, long mtime, long ctime, long inode, String link, String sha256, String from) {
        public boolean isFile() {
            return "f".equals(type);
        }

        public FileEntry withContent(long newSize, String newSha256, String newFrom) {
            return new FileEntry(path, type, mode, uid, gid, user, group, newSize, mtime, ctime, inode, link, newSha256, newFrom);
        }
    }

    /** An object of the generation: the files archive, or a dump. */
    public record Archive(String name, String kind, long size, String sha256, String command, Long rawSize, String rawSha256,
                          Integer exitCode) {
    }

    public record Manifest(int schema, String node, String id, String type, String chain, String parent, String started,
                           String finished, String reason, String compression, List<String> paths, List<Archive> archives,
                           List<FileEntry> files, List<String> deleted, List<String> warnings) {
    }

    /** One generation in a target's catalog. */
    public record Generation(String node, String id, String type, String chain, String parent, String time, long size,
                             int files, String reason, List<String> paths, List<String> warnings) {
        public Type typeEnum() {
            return Type.parse(type);
        }
    }

    public record Catalog(int schema, long sequence, String updated, List<Generation> generations) {
        public static Catalog empty() {
            return new Catalog(1, 0, null, List.of());
        }
    }
}
