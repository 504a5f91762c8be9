package dev.vigil.core.transport;

/**
 * Quoting for POSIX shells. Every value from an inventory or configuration that reaches a remote
 * shell goes through {@link #quote(String)}, so it is one literal word whatever it contains.
 */
public final class ShellQuote {
    private ShellQuote() {
    }

    /** Single-quotes {@code value}; embedded single quotes become {@code '\''}. NUL is refused. */
    public static String quote(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a shell argument cannot contain a NUL byte");
        }
        if (!value.isEmpty() && value.matches("[A-Za-z0-9_./=:,+@%-]+")) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** Quotes each word and joins them with spaces: an argv turned into one safe command line. */
    public static String join(Iterable<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(quote(w));
        }
        return sb.toString();
    }
}
