package dev.vigil.core.text;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * File names byte for byte. Linux names are bytes, not text: a name that is not valid UTF-8 must
 * survive a listing, a manifest and a restore unchanged. Names are kept as Java strings in which
 * every byte that is not part of valid UTF-8 is the lone surrogate U+DC80..U+DCFF (as Python's
 * "surrogateescape"); valid UTF-8 never decodes to a lone surrogate, so {@link #encode} gives back
 * exactly the bytes {@link #decode} was given, for any input. JSON keeps such strings as
 * {@code \\uDCxx} escapes.
 */
public final class RawNames {
    private RawNames() {
    }

    /** The name in these bytes; never lossy. */
    public static String decode(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len);
        int i = off;
        int end = off + len;
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                sb.append((char) c);
                i++;
                continue;
            }
            int n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
            if (n > 0 && i + n <= end && validSequence(b, i, n)) {
                sb.append(new String(b, i, n, StandardCharsets.UTF_8));
                i += n;
            } else {
                sb.append((char) (0xDC00 | c));
                i++;
            }
        }
        return sb.toString();
    }

    public static String decode(byte[] b) {
        return decode(b, 0, b.length);
    }

    private static boolean validSequence(byte[] b, int i, int n) {
        int c = b[i] & 0xFF;
        for (int k = 1; k < n; k++) {
            if ((b[i + k] & 0xC0) != 0x80) {
                return false;
            }
        }
        int c1 = b[i + 1] & 0xFF;
        if (n == 3) {
            // no overlong forms, no encoded surrogates (those are escaped byte by byte)
            return !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
        }
        if (n == 4) {
            return !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
        }
        return true;
    }

    /** The bytes of a name made by {@link #decode} (or any Java string: UTF-8 for the rest). */
    public static byte[] encode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 8);
        int i = 0;
        while (i < s.length()) {
            char ch = s.charAt(i);
            if (ch >= 0xDC80 && ch <= 0xDCFF) {
                out.write(ch & 0xFF);
                i++;
            } else if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.writeBytes(s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
                i += 2;
            } else if (Character.isSurrogate(ch)) {
                // a lone surrogate outside the escape range cannot come from a name; UTF-8 has no form for it
                throw new IllegalArgumentException("not a file name: a lone surrogate U+" + Integer.toHexString(ch).toUpperCase());
            } else {
                out.writeBytes(String.valueOf(ch).getBytes(StandardCharsets.UTF_8));
                i++;
            }
        }
        return out.toByteArray();
    }

    /** Names as the NUL-terminated list that {@code xargs -0}, {@code tar --null -T -} and {@code find -print0} use, byte for byte. */
    public static byte[] nulSeparated(java.util.List<String> names) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String n : names) {
            b.writeBytes(encode(n));
            b.write(0);
        }
        return b.toByteArray();
    }

    /** The NUL-terminated records in {@code b}, each decoded without loss; an unterminated tail (output cut short) is not one. */
    public static java.util.List<String> splitNul(byte[] b) {
        java.util.List<String> out = new java.util.ArrayList<>();
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                out.add(decode(b, start, i - start));
                start = i + 1;
            }
        }
        return out;
    }

    /** True when the name is valid UTF-8 (no escaped bytes), so the controller's file system can hold it as is. */
    public static boolean isText(String s) {
        return s.chars().noneMatch(c -> c >= 0xDC80 && c <= 0xDCFF);
    }

    /** The bytes as ISO-8859-1 text, one char per byte: how tar headers carry raw names. */
    public static String toLatin1(String name) {
        return new String(encode(name), StandardCharsets.ISO_8859_1);
    }

    /**
     * Back from a tar header read as ISO-8859-1. A name that holds a char above U+00FF was not read
     * byte by byte (a PAX header, always UTF-8) and is taken as it is.
     */
    public static String fromLatin1(String latin1) {
        if (latin1.chars().anyMatch(c -> c > 0xFF)) {
            return latin1;
        }
        return decode(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** For showing a name to a person: escaped bytes as \xNN, control characters escaped ({@link Printable#name}). */
    public static String display(String name) {
        return Printable.name(name);
    }
}
