package dev.vigil.core.result.render;

import dev.vigil.core.result.Finding;
import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Report;
import dev.vigil.core.result.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Nagios plugin output: one status line ({@code VIGIL CRITICAL - ...}), then the problems one per
 * line, with perfdata ({@code 'label'=value[UOM];warn;crit;min;max}) after the pipes. Exit codes
 * 0/1/2/3 come from the worst status, as the plugin guidelines ask.
 */
public final class NagiosRenderer implements Renderer {
    @Override
    public String render(Report report) {
        Status worst = report.worst();
        List<Finding> problems = report.worstFirst().stream().filter(f -> f.status() != Status.OK).collect(Collectors.toList());
        String head = "VIGIL " + label(worst) + " - " + plural(report.nodes().size(), "node") + ", " + plural(report.findings().size(), "check")
                + (problems.isEmpty() ? ": all OK" : ": " + problems.size() + " not OK, first " + problems.get(0).node() + " "
                + problems.get(0).item() + ": " + oneLine(problems.get(0).message()));
        List<String> perf = new ArrayList<>();
        for (Finding f : report.findings()) {
            for (Metric m : f.metrics()) {
                perf.add(perfdata(f.node() + " " + f.item() + " " + m.name(), m));
            }
        }
        StringBuilder sb = new StringBuilder(head);
        if (!perf.isEmpty()) {
            sb.append(" | ").append(perf.get(0));
        }
        sb.append('\n');
        for (Finding f : problems) {
            sb.append(label(f.status())).append(": ").append(f.node()).append(' ').append(f.item()).append(": ")
                    .append(oneLine(f.message())).append('\n');
        }
        if (perf.size() > 1) {
            sb.append("| ").append(String.join("\n", perf.subList(1, perf.size()))).append('\n');
        }
        return sb.toString();
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    static String label(Status s) {
        switch (s) {
            case OK: return "OK";
            case WARN: return "WARNING";
            case CRIT: return "CRITICAL";
            default: return "UNKNOWN";
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('|', '/').replace('\n', ' ');
    }

    /** 'label'=value[UOM];warn;crit;min;max, with the plugin guidelines' units and quoting. */
    static String perfdata(String label, Metric m) {
        String l = label.replace("'", "").replace("=", "_");
        String uom = m.unit() == null ? "" : switch (m.unit()) {
            case "%", "s", "ms", "us", "B", "KB", "MB", "TB", "c" -> m.unit();
            default -> "";
        };
        return "'" + l + "'=" + num(m.value()) + uom + ";" + num(m.warn()) + ";" + num(m.crit()) + ";" + num(m.min()) + ";" + num(m.max());
    }

    private static String num(Double d) {
        if (d == null) {
            return "";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return String.format(Locale.ROOT, "%.3f", d).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
