package dev.vigil.backup;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** How archives are compressed: gzip (the default, any level 1-9), zstd (1-19) or none. */
public record Compression(String kind, int level) {
    public static final Compression DEFAULT = new Compression("gzip", 6);

    public Compression {
        switch (kind) {
            case "gzip" -> {
                if (level < 1 || level > 9) {
                    throw new IllegalArgumentException("gzip level must be 1-9, not " + level);
                }
            }
            case "zstd" -> {
                if (level < 1 || level > 19) {
                    throw new IllegalArgumentException("zstd level must be 1-19, not " + level);
                }
            }
            case "none" -> {
            }
            default -> throw new IllegalArgumentException("unknown compression '" + kind + "' (gzip, zstd, none)");
        }
    }

    public static Compression of(String kind, Integer level) {
        String k = kind == null ? "gzip" : kind;
        int l = level != null ? level : k.equals("zstd") ? 3 : 6;
        return new Compression(k, k.equals("none") ? 0 : l);
    }

    public String suffix() {
        return switch (kind) {
            case "gzip" -> ".gz";
            case "zstd" -> ".zst";
            default -> "";
        };
    }

    public OutputStream compress(OutputStream out) throws IOException {
        return switch (kind) {
            case "gzip" -> new GZIPOutputStream(out, 64 * 1024) {
                {
                    def.setLevel(level);
                }
            };
            case "zstd" -> new ZstdOutputStream(out, level);
            default -> out;
        };
    }

    /** Decompresses by the archive's name, so any generation can be read whatever is configured now. */
    public static InputStream decompress(String name, InputStream in) throws IOException {
        if (name.endsWith(".gz")) {
            return new GZIPInputStream(in, 64 * 1024);
        }
        if (name.endsWith(".zst")) {
            return new ZstdInputStream(in);
        }
        return in;
    }
}
