package dev.vigil.core.result.render;

import dev.vigil.core.result.Finding;
import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Report;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Prometheus text exposition format, for node_exporter's textfile collector:
 * {@code vigil_check_status{node,check}} (0 ok, 1 warn, 2 crit, 3 unknown), every metric as
 * {@code vigil_check_metric{node,check,metric,unit}}, and the run's end time. Metric families are
 * grouped with one HELP/TYPE each, as the format requires.
 */
public final class PrometheusRenderer implements Renderer {
    @Override
    public String render(Report report) {
        Map<String, StringBuilder> families = new LinkedHashMap<>();
        StringBuilder status = family(families, "vigil_check_status", "Status of a Vigil check on a node: 0 OK, 1 WARN, 2 CRIT, 3 UNKNOWN.");
        StringBuilder metric = family(families, "vigil_check_metric", "A value measured by a Vigil check.");
        for (Finding f : report.findings()) {
            status.append("vigil_check_status{node=\"").append(esc(f.node())).append("\",check=\"").append(esc(f.item()))
                    .append("\"} ").append(code(f)).append('\n');
            for (Metric m : f.metrics()) {
                metric.append("vigil_check_metric{node=\"").append(esc(f.node())).append("\",check=\"").append(esc(f.item()))
                        .append("\",metric=\"").append(esc(m.name())).append("\",unit=\"").append(esc(m.unit() == null ? "" : m.unit()))
                        .append("\"} ").append(num(m.value())).append('\n');
            }
        }
        family(families, "vigil_run_end_timestamp_seconds", "When the Vigil run ended.")
                .append("vigil_run_end_timestamp_seconds ").append(report.end().getEpochSecond()).append('\n');
        StringBuilder out = new StringBuilder();
        families.values().forEach(out::append);
        return out.toString();
    }

    private static StringBuilder family(Map<String, StringBuilder> families, String name, String help) {
        return families.computeIfAbsent(name, k -> new StringBuilder("# HELP " + name + " " + help + "\n# TYPE " + name + " gauge\n"));
    }

    private static int code(Finding f) {
        switch (f.status()) {
            case OK: return 0;
            case WARN: return 1;
            case CRIT: return 2;
            default: return 3;
        }
    }

    private static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%s", d);
    }

    static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
