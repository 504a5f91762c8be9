package dev.vigil.core.result.render;

import dev.vigil.core.result.Finding;
import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Report;
import dev.vigil.core.result.Status;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML file (no scripts, no external resources): status by node and check,
 * metrics, details, and the trend of each series (disk and inode use) as a small inline SVG chart.
 */
public final class HtmlRenderer implements Renderer {
    @Override
    public String render(Report report) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(h(report.title()))
                .append(" ").append(h(report.id())).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}")
                .append("td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}th{background:#f3f3f3}")
                .append(".OK{background:#dff0d8}.WARN{background:#fcf8e3}.CRIT{background:#f2dede}.UNKNOWN{background:#e8e8f0}")
                .append(".small{color:#666;font-size:.85em}svg{vertical-align:middle}</style></head><body>\n");
        sb.append("<h1>").append(h(report.title())).append(" <span class=\"").append(report.worst()).append("\">")
                .append(report.worst()).append("</span></h1>\n<p class=\"small\">run ").append(h(report.id())).append(" · ")
                .append(report.start()).append(" · ").append(Duration.between(report.start(), report.end()).toMillis()).append(" ms · ");
        report.counts().forEach((s, n) -> sb.append(n).append(' ').append(s).append(' '));
        sb.append("</p>\n<h2>Nodes</h2>\n<table><tr><th>node</th><th>status</th>");
        List<String> items = report.findings().stream().map(Finding::item).distinct().toList();
        items.forEach(i -> sb.append("<th>").append(h(i)).append("</th>"));
        sb.append("</tr>\n");
        for (Map.Entry<String, List<Finding>> e : report.byNode().entrySet()) {
            Status ns = report.statusOf(e.getKey());
            sb.append("<tr><td><a href=\"#n-").append(h(e.getKey())).append("\">").append(h(e.getKey())).append("</a></td><td class=\"")
                    .append(ns).append("\">").append(ns).append("</td>");
            for (String item : items) {
                Finding f = e.getValue().stream().filter(x -> x.item().equals(item)).findFirst().orElse(null);
                if (f == null) {
                    sb.append("<td></td>");
                } else {
                    sb.append("<td class=\"").append(f.status()).append("\" title=\"").append(h(f.message())).append("\">")
                            .append(f.status()).append("</td>");
                }
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n");
        for (Map.Entry<String, List<Finding>> e : report.byNode().entrySet()) {
            sb.append("<h2 id=\"n-").append(h(e.getKey())).append("\">").append(h(e.getKey())).append("</h2>\n")
                    .append("<table><tr><th>check</th><th>status</th><th>message</th><th>metrics</th></tr>\n");
            for (Finding f : e.getValue()) {
                sb.append("<tr><td>").append(h(f.item())).append("</td><td class=\"").append(f.status()).append("\">").append(f.status())
                        .append("</td><td>").append(h(f.message()));
                for (String d : f.details()) {
                    sb.append("<br><span class=\"small\">").append(h(d)).append("</span>");
                }
                sb.append("</td><td>");
                for (Metric m : f.metrics()) {
                    sb.append(h(m.name())).append(" = ").append(fmt(m.value())).append(h(m.unit() == null ? "" : m.unit()))
                            .append(limits(m))
                            .append("<br>");
                }
                sb.append("</td></tr>\n");
            }
            sb.append("</table>\n");
            Map<String, List<Report.Point>> series = report.series().getOrDefault(e.getKey(), Map.of());
            if (!series.isEmpty()) {
                sb.append("<h3>Trend</h3>\n<table><tr><th>series</th><th>history</th><th>latest</th></tr>\n");
                series.forEach((name, points) -> sb.append("<tr><td>").append(h(name)).append("</td><td>").append(chart(points))
                        .append("</td><td>").append(points.isEmpty() ? "" : fmt(points.get(points.size() - 1).value())).append("</td></tr>\n"));
                sb.append("</table>\n");
            }
        }
        return sb.append("</body></html>\n").toString();
    }

    /** A 240x40 polyline of the points, y from 0 to 100 (percentages). */
    static String chart(List<Report.Point> points) {
        if (points.isEmpty()) {
            return "";
        }
        long t0 = points.get(0).time().toEpochMilli();
        long span = Math.max(1, points.get(points.size() - 1).time().toEpochMilli() - t0);
        StringBuilder pts = new StringBuilder();
        for (Report.Point p : points) {
            double x = points.size() == 1 ? 120 : (p.time().toEpochMilli() - t0) * 236.0 / span + 2;
            double y = 38 - Math.max(0, Math.min(100, p.value())) * 0.36;
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return "<svg width=\"240\" height=\"40\" viewBox=\"0 0 240 40\" role=\"img\"><rect width=\"240\" height=\"40\" fill=\"#fafafa\"/>"
                + "<line x1=\"0\" y1=\"9.2\" x2=\"240\" y2=\"9.2\" stroke=\"#e0b0b0\" stroke-dasharray=\"3\"/>"
                + "<polyline fill=\"none\" stroke=\"#2a6\" stroke-width=\"1.5\" points=\"" + pts.toString().trim() + "\"/></svg>";
    }

    /** "(warn 80, crit 90)", either alone, or nothing: a metric may have one limit, both or none. */
    static String limits(Metric m) {
        if (m.warn() == null && m.crit() == null) {
            return "";
        }
        String w = m.warn() == null ? "" : "warn " + fmt(m.warn());
        String c = m.crit() == null ? "" : "crit " + fmt(m.crit());
        return " <span class=\"small\">(" + w + (w.isEmpty() || c.isEmpty() ? "" : ", ") + c + ")</span>";
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
    }

    static String h(String s) {
        return JUnitRenderer.xml(s);
    }
}
