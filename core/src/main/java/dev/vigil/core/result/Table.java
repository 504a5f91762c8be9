package dev.vigil.core.result;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table: columns padded to their widest cell, the last column left unpadded. */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
        }
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(c == null ? "-" : oneLine(String.valueOf(c)));
        }
        rows.add(r);
        return this;
    }

    private static String oneLine(String s) {
        return s.replace("\r", "").replace('\n', ' ').replace('\t', ' ');
    }

    public String render() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> r : rows) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        append(sb, headers, widths);
        for (List<String> r : rows) {
            append(sb, r, widths);
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            line.append(c);
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - c.length() + 2));
            }
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }
}
