package dev.vigil.core.result.render;

import dev.vigil.core.result.Finding;
import dev.vigil.core.result.Report;

/** A Markdown table, worst first, for a ticket or a wiki page: the title and status, then one row per node and item. */
public final class MarkdownRenderer implements Renderer {
    @Override
    public String render(Report report) {
        StringBuilder b = new StringBuilder();
        b.append("## ").append(cell(report.title())).append(": ").append(report.worst()).append("\n\n");
        b.append("Run ").append(cell(report.id())).append(", ").append(report.start()).append(" to ").append(report.end()).append(", ")
                .append(report.nodes().size()).append(report.nodes().size() == 1 ? " node" : " nodes").append("\n\n");
        b.append("| Status | Node | Item | Message |\n|---|---|---|---|\n");
        for (Finding f : report.worstFirst()) {
            b.append("| ").append(f.status()).append(" | ").append(cell(f.node())).append(" | ").append(cell(f.item())).append(" | ")
                    .append(cell(f.message())).append(" |\n");
        }
        return b.toString();
    }

    /** Text in a table cell: pipes escaped, line breaks as spaces, Markdown's own characters taken literally. */
    static String cell(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '|', '\\', '*', '_', '`', '[', ']', '<', '>', '#' -> b.append('\\').append(c);
                case '\n', '\r', '\t' -> b.append(' ');
                default -> b.append(c < 0x20 ? ' ' : c);
            }
        }
        return b.toString();
    }
}
