package dev.vigil.core.result.render;

import dev.vigil.core.result.Finding;
import dev.vigil.core.result.Report;
import dev.vigil.core.result.Status;
import dev.vigil.core.result.Table;

import java.util.Map;
import java.util.stream.Collectors;

/** One line per node and item, worst first, then a summary line. */
public final class TableRenderer implements Renderer {
    @Override
    public String render(Report report) {
        Table t = new Table("STATUS", "NODE", "CHECK", "MESSAGE");
        for (Finding f : report.worstFirst()) {
            t.row(f.status(), f.node(), f.item(), f.message());
        }
        Map<Status, Long> counts = report.counts();
        String summary = counts.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        return t.render() + report.worst() + ": " + report.nodes().size() + (report.nodes().size() == 1 ? " node, " : " nodes, ")
                + report.findings().size() + " checks" + (summary.isEmpty() ? "" : " (" + summary + ")")
                + " in " + String.format("%.2fs", java.time.Duration.between(report.start(), report.end()).toMillis() / 1000.0)
                + ", run " + report.id() + "\n";
    }
}
