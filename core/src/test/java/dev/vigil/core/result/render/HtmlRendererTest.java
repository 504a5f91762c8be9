package dev.vigil.core.result.render;

import dev.vigil.core.result.Finding;
import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Report;
import dev.vigil.core.result.Status;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A metric may carry a warn limit and no crit (a SEL's fullness), or neither: each is shown as it is. */
class HtmlRendererTest {
    @Test
    void aMetricWithOnlyAWarnLimitIsShownWithIt() {
        Report r = new Report("r1", "t", Instant.EPOCH, Instant.EPOCH, List.of(new Finding("n1", "bmc-events", Status.OK, "0 new entries",
                List.of(Metric.percent("sel_used", 12, 90.0, null), new Metric("x", 1, null, null, 5.0, null, null), Metric.of("y", 2, null)),
                List.of(), 0)), Map.of());
        String html = new HtmlRenderer().render(r);
        assertThat(html).contains("sel_used = 12%").contains("(warn 90)").contains("(crit 5)").contains("y = 2<br>");
    }
}
