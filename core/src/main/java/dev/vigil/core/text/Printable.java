package dev.vigil.core.text;

/**
 * Text a remote party wrote (a node's output, a netconsole datagram, a crash record), made safe to
 * show on the operator's terminal or put in a text report: every control character (C0 but tab
 * and, in {@link #text}, newline; DEL; C1, which some terminals take as CSI), every Unicode bidi
 * override and every escaped non-UTF-8 byte becomes a visible {@code \xNN} or {@code \u202E}. An
 * ESC sequence can then never move the cursor, retitle the window or hide a line.
 */
public final class Printable {
    private Printable() {
    }

    /** One line: newlines are escaped too. */
    public static String line(String s) {
        return escape(s, false, true);
    }

    /** Several lines: newlines are kept, everything else as in {@link #line}. */
    public static String text(String s) {
        return escape(s, true, true);
    }

    /** A file name shown to a person or used as a file name on the controller: tabs are escaped too. */
    public static String name(String s) {
        return escape(s, false, false);
    }

    private static String escape(String s, boolean keepNewlines, boolean keepTabs) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = null;
            if ((c < 0x20 && !(keepTabs && c == '\t') && !(keepNewlines && c == '\n')) || (c >= 0x7F && c <= 0x9F)) {
                rep = String.format("\\x%02x", (int) c);
            } else if (c >= 0xDC80 && c <= 0xDCFF) {
                rep = String.format("\\x%02x", c & 0xFF);
            } else if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F) {
                rep = String.format("\\u%04X", (int) c);
            } else if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
                    && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)))) {
                rep = String.format("\\u%04X", (int) c);
            }
            if (rep != null) {
                if (sb == null) {
                    sb = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                sb.append(rep);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
