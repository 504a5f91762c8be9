package dev.vigil.backup;

import dev.vigil.backup.Model.FileEntry;
import dev.vigil.core.transport.ShellQuote;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What is on the node: one GNU find over the backup set's paths, printing for every entry its
 * type, mode, owner, size, mtime, ctime and inode, then its path and link target NUL-terminated
 * (so any byte but NUL may be in a name). {@link #parse} is a pure function over that output.
 */
public final class Listing {
    /** Fixed fields, tab-separated; then path NUL link NUL. */
    static final String FORMAT = "%y\\t%m\\t%U\\t%G\\t%u\\t%g\\t%s\\t%T@\\t%C@\\t%i\\t%p\\0%l\\0";
    private static final Pattern GLOB_SAFE = Pattern.compile("[A-Za-z0-9_./*?\\[\\]@%+=:,-]+");

    private Listing() {
    }

    public record Result(List<FileEntry> entries, List<String> skipped) {
    }

    /** The find command for these absolute paths; globs are left to the node's shell, everything else is quoted. */
    public static String command(List<String> includes) {
        StringBuilder b = new StringBuilder("LC_ALL=C find -P");
        for (String p : includes) {
            b.append(' ').append(shellWord(p));
        }
        return b.append(" -printf '").append(FORMAT).append('\'').toString();
    }

    /** A path for the shell: quoted, unless it has glob characters, which must then be all plain. */
    static String shellWord(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("backup paths must be absolute: '" + path + "'");
        }
        if (path.chars().noneMatch(c -> c == '*' || c == '?' || c == '[')) {
            return ShellQuote.quote(path);
        }
        if (!GLOB_SAFE.matcher(path).matches()) {
            throw new IllegalArgumentException("a backup path with a glob may only hold letters, digits and ._/*?[]@%+=:,- : '" + path + "'");
        }
        return path;
    }

    /** Parses find's output; special files (devices, sockets, pipes) are listed in {@code skipped}. */
    public static Result parse(byte[] out) {
        Map<String, FileEntry> entries = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        int i = 0;
        while (i < out.length) {
            int pathEnd = indexOf(out, i);
            int linkEnd = pathEnd < 0 ? -1 : indexOf(out, pathEnd + 1);
            if (linkEnd < 0) {
                throw new IllegalArgumentException("listing cut short at byte " + i);
            }
            // names are bytes: decoded without loss, so a name that is not UTF-8 is backed up as it is
            String head = dev.vigil.core.text.RawNames.decode(out, i, pathEnd - i);
            String link = dev.vigil.core.text.RawNames.decode(out, pathEnd + 1, linkEnd - pathEnd - 1);
            i = linkEnd + 1;
            String[] f = head.split("\t", 11);
            if (f.length != 11) {
                throw new IllegalArgumentException("not a listing line: " + head);
            }
            String type = f[0];
            String path = f[10];
            if (!type.equals("f") && !type.equals("d") && !type.equals("l")) {
                skipped.add(path + " (" + describeType(type) + ")");
                continue;
            }
            entries.put(path, new FileEntry(path, type, Integer.parseInt(f[1], 8), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                    f[4], f[5], type.equals("f") ? Long.parseLong(f[6]) : 0, nanos(f[7]), nanos(f[8]), Long.parseLong(f[9]),
                    type.equals("l") ? link : null, null, null));
        }
        return new Result(new ArrayList<>(entries.values()), skipped);
    }

    private static String describeType(String t) {
        return switch (t) {
            case "p" -> "named pipe";
            case "s" -> "socket";
            case "b" -> "block device";
            case "c" -> "character device";
            default -> "type " + t;
        };
    }

    /** "1700000000.123456789" (find's %T@) as nanoseconds. */
    static long nanos(String s) {
        int dot = s.indexOf('.');
        if (dot < 0) {
            return Long.parseLong(s) * 1_000_000_000L;
        }
        String frac = (s.substring(dot + 1) + "000000000").substring(0, 9);
        return Long.parseLong(s.substring(0, dot)) * 1_000_000_000L + Long.parseLong(frac);
    }

    private static int indexOf(byte[] b, int from) {
        for (int j = from; j < b.length; j++) {
            if (b[j] == 0) {
                return j;
            }
        }
        return -1;
    }
}
