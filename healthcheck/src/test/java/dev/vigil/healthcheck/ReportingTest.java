package dev.vigil.healthcheck;

import dev.vigil.core.result.Finding;
import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Report;
import dev.vigil.core.result.Status;
import dev.vigil.core.result.render.RendererRegistry;
import dev.vigil.healthcheck.history.Comparison;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Renderers, compare and trend on a known report. */
class ReportingTest {
    static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");

    static Report report(Status inodes, Status procs) {
        return new Report("20261121T080000Z-abcd", "Vigil health check", T0, T0.plusMillis(1500), List.of(
                new Finding("node-1", "disk-inodes", inodes, inodes == Status.OK ? "fine" : "/var/log 85.0% of inodes used",
                        List.of(Metric.percent("/var/log", inodes == Status.OK ? 10 : 85, 80.0, 90.0)), List.of(), 12),
                new Finding("node-1", "processes", procs, procs == Status.OK ? "all running" : "cna-agent: 0 running, expected at least 1",
                        List.of(Metric.of("cna-agent", procs == Status.OK ? 1 : 0, null)), List.of(), 8),
                new Finding("node-2", "disk-inodes", Status.OK, "fine", List.of(Metric.percent("/", 3, 80.0, 90.0)), List.of(), 9)),
                Map.of());
    }

    @Test
    void nagios_statusLineAndPerfdata() {
        String text = RendererRegistry.builtIn().get("nagios").render(report(Status.WARN, Status.CRIT));
        String[] lines = text.split("\n");
        assertThat(lines[0]).startsWith("VIGIL CRITICAL - 2 nodes, 3 checks: 2 not OK, first node-1 processes: cna-agent: 0 running")
                .contains(" | 'node-1 disk-inodes /var/log'=85%;80;90;0;100");
        assertThat(text).contains("WARNING: node-1 disk-inodes: /var/log 85.0% of inodes used")
                .contains("'node-1 processes cna-agent'=0;;;;").contains("'node-2 disk-inodes /'=3%;80;90;0;100");
        assertThat(RendererRegistry.builtIn().get("nagios").render(report(Status.OK, Status.OK))).startsWith("VIGIL OK - 2 nodes, 3 checks: all OK |");
    }

    @Test
    void prometheus_textFormat() {
        String text = RendererRegistry.builtIn().get("prometheus").render(report(Status.WARN, Status.OK));
        assertThat(text).contains("# TYPE vigil_check_status gauge\n")
                .contains("vigil_check_status{node=\"node-1\",check=\"disk-inodes\"} 1\n")
                .contains("vigil_check_metric{node=\"node-1\",check=\"disk-inodes\",metric=\"/var/log\",unit=\"%\"} 85\n")
                .contains("vigil_run_end_timestamp_seconds " + T0.plusMillis(1500).getEpochSecond());
        assertThat(text.split("# TYPE vigil_check_status").length).as("one TYPE line per family").isEqualTo(2);
    }

    @Test
    void junit_isWellFormed_withFailuresForCrit() throws Exception {
        String xml = RendererRegistry.builtIn().get("junit").render(report(Status.WARN, Status.CRIT));
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getElementsByTagName("testsuite").getLength()).isEqualTo(2);
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(3);
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(1);
        assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("1");
    }

    @Test
    void html_isOneFileWithStatusAndTrendCharts() {
        Report base = report(Status.WARN, Status.OK);
        Report withSeries = new Report(base.id(), base.title(), base.start(), base.end(), base.findings(), Map.of("node-1",
                Map.of("disk-inodes /var/log", List.of(new Report.Point(T0, 10), new Report.Point(T0.plusSeconds(3600), 85)))));
        String html = RendererRegistry.builtIn().get("html").render(withSeries);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("polyline").contains("class=\"WARN\"")
                .doesNotContain("<script").doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void table_worstFirstWithSummary() {
        String t = RendererRegistry.builtIn().get("table").render(report(Status.WARN, Status.CRIT));
        String[] lines = t.split("\n");
        assertThat(lines[1]).startsWith("CRIT").contains("processes");
        assertThat(lines[2]).startsWith("WARN");
        assertThat(lines[lines.length - 1]).startsWith("CRIT: 2 nodes, 3 checks (1 OK, 1 WARN, 1 CRIT) in 1.50s");
    }

    @Test
    void compare_listsExactlyWhatBroke() {
        List<Comparison.Change> changes = Comparison.between(report(Status.OK, Status.OK), report(Status.WARN, Status.CRIT));
        assertThat(changes).extracting(c -> c.kind() + " " + c.node() + " " + c.check() + " " + c.from() + "->" + c.to())
                .containsExactly("WORSE node-1 disk-inodes OK->WARN", "WORSE node-1 processes OK->CRIT");
        assertThat(Comparison.between(report(Status.WARN, Status.CRIT), report(Status.OK, Status.OK)))
                .extracting(Comparison.Change::kind).containsOnly(Comparison.Kind.BETTER);
        assertThat(Comparison.between(report(Status.OK, Status.OK), report(Status.OK, Status.OK))).isEmpty();
    }

    @Test
    void trend_warnsWhenTheWarnThresholdIsLessThanAWeekAway() {
        List<Report.Point> growing = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            growing.add(new Report.Point(T0.plus(Duration.ofDays(i)), 50 + 5 * i));   // 5 points a day, at 65 now
        }
        CheckResult r = Trend.judge(Map.of("disk-inodes /var/log", growing), Map.of("disk-inodes /var/log", 80.0));
        assertThat(r.status()).isEqualTo(Status.WARN);
        assertThat(r.message()).isEqualTo("disk-inodes /var/log: 65.0% growing 5.0%/day, reaches 80.0% in 3.0 days");
        List<Report.Point> slow = growing.stream().map(p -> new Report.Point(p.time(), 50 + (p.value() - 50) / 10)).toList();
        assertThat(Trend.judge(Map.of("s", slow), Map.of("s", 80.0)).status()).isEqualTo(Status.OK);
        CheckResult young = Trend.judge(Map.of("s", growing.subList(0, 2)), Map.of("s", 80.0));
        assertThat(young.status()).isEqualTo(Status.OK);
        assertThat(young.message()).startsWith("not enough history yet");
    }
}
