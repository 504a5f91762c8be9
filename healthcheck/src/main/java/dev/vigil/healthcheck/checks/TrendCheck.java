package dev.vigil.healthcheck.checks;

import dev.vigil.core.result.Finding;
import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Report;
import dev.vigil.healthcheck.HistoryCheck;
import dev.vigil.healthcheck.CheckResult;
import dev.vigil.healthcheck.Settings;
import dev.vigil.healthcheck.Trend;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The growth of disk space and inode use per mount from the saved runs: days until each reaches its warn threshold. */
public final class TrendCheck implements HistoryCheck {
    @Override
    public String name() {
        return "trend";
    }

    @Override
    public String description() {
        return "growth of disk space and inode use per mount from the saved runs; days until the warn threshold";
    }

    @Override
    public String describe(Settings settings) {
        return "under 7 days is WARN; needs 3 saved runs over an hour";
    }

    @Override
    public CheckResult judge(List<Finding> nodeFindings, Map<String, List<Report.Point>> series) {
        // each series is judged against the warn threshold its latest metric carried (per node and mount)
        Map<String, Double> warn = new HashMap<>();
        for (Finding f : nodeFindings) {
            for (Metric m : f.metrics()) {
                if (m.warn() != null) {
                    warn.put(f.item() + " " + m.name(), m.warn());
                }
            }
        }
        return Trend.judge(series, warn);
    }
}
