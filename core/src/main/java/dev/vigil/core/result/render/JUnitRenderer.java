package dev.vigil.core.result.render;

import dev.vigil.core.result.Finding;
import dev.vigil.core.result.Report;
import dev.vigil.core.result.Status;

import java.util.List;
import java.util.Map;

/**
 * JUnit XML for CI systems: one testsuite per node, one testcase per check. CRIT is a failure,
 * UNKNOWN an error, WARN passes with its message in system-out (checklists should not stop on it).
 */
public final class JUnitRenderer implements Renderer {
    @Override
    public String render(Report report) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        Map<Status, Long> counts = report.counts();
        sb.append("<testsuites name=\"").append(xml(report.title())).append("\" tests=\"").append(report.findings().size())
                .append("\" failures=\"").append(counts.get(Status.CRIT)).append("\" errors=\"").append(counts.get(Status.UNKNOWN))
                .append("\" time=\"").append(seconds(java.time.Duration.between(report.start(), report.end()).toMillis())).append("\">\n");
        for (Map.Entry<String, List<Finding>> e : report.byNode().entrySet()) {
            List<Finding> fs = e.getValue();
            long failures = fs.stream().filter(f -> f.status() == Status.CRIT).count();
            long errors = fs.stream().filter(f -> f.status() == Status.UNKNOWN).count();
            sb.append("  <testsuite name=\"").append(xml(e.getKey())).append("\" tests=\"").append(fs.size())
                    .append("\" failures=\"").append(failures).append("\" errors=\"").append(errors)
                    .append("\" timestamp=\"").append(report.start()).append("\">\n");
            for (Finding f : fs) {
                sb.append("    <testcase classname=\"").append(xml(e.getKey())).append("\" name=\"").append(xml(f.item()))
                        .append("\" time=\"").append(seconds(f.durationMs())).append("\">");
                String text = f.message() + (f.details().isEmpty() ? "" : "\n" + String.join("\n", f.details()));
                if (f.status() == Status.CRIT) {
                    sb.append("\n      <failure message=\"").append(xml(f.message())).append("\">").append(xml(text)).append("</failure>\n    ");
                } else if (f.status() == Status.UNKNOWN) {
                    sb.append("\n      <error message=\"").append(xml(f.message())).append("\">").append(xml(text)).append("</error>\n    ");
                } else if (f.status() == Status.WARN) {
                    sb.append("\n      <system-out>WARN: ").append(xml(text)).append("</system-out>\n    ");
                }
                sb.append("</testcase>\n");
            }
            sb.append("  </testsuite>\n");
        }
        return sb.append("</testsuites>\n").toString();
    }

    private static String seconds(long ms) {
        return String.format(java.util.Locale.ROOT, "%.3f", ms / 1000.0);
    }

    static String xml(String s) {
        return dev.vigil.core.text.Markup.xml(s);
    }
}
