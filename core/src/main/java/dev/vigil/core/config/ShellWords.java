package dev.vigil.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a line into words as Python's {@code shlex.split(line, comments=...)} does in POSIX mode, which
 * is how Ansible reads an INI host line and {@code ansible_ssh_common_args}: white space separates words,
 * single quotes keep everything literal, double quotes keep all but {@code \"} and {@code \\}, a backslash
 * outside quotes escapes the next character, and (with comments) a {@code #} outside quotes ends the
 * line, even inside a word, as shlex does. Quotes may join parts of one word ({@code a="b c"d} is {@code a=b cd}). Pure.
 */
public final class ShellWords {
    private ShellWords() {
    }

    /** @throws IllegalArgumentException on an unclosed quote or a trailing backslash */
    public static List<String> split(String line, boolean comments) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == '\'' ) {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("no closing quotation");
                }
                cur.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = line.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < n && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                        cur.append(line.charAt(i + 1));
                        i += 2;
                        continue;
                    }
                    cur.append(d);
                    i++;
                }
                if (!closed) {
                    throw new IllegalArgumentException("no closing quotation");
                }
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new IllegalArgumentException("no escaped character");
                }
                cur.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '#' && comments) {
                break;
            } else {
                cur.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }
}
