package dev.vigil.healthcheck;

import dev.vigil.core.result.Finding;
import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Report;
import dev.vigil.core.result.Status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The growth of disk space and inode use per mount, from the saved runs and this one: a
 * least-squares slope in percentage points per day, and the days until the warn threshold.
 * Under 7 days is a WARN: the node is about to fill up. Needs at least 3 points over at least an
 * hour; with less, it says so (OK).
 */
public final class Trend {
    static final Duration MIN_SPAN = Duration.ofHours(1);
    static final int MIN_POINTS = 3;
    static final double WARN_DAYS = 7;

    private Trend() {
    }

    /** The series of one node: "disk-space /var/log" to points, oldest first, from history and the current findings. */
    public static Map<String, List<Report.Point>> series(String node, List<Report> history, List<Finding> current, Instant now) {
        Map<String, List<Report.Point>> out = new LinkedHashMap<>();
        for (Report r : history) {
            collect(out, node, r.findings(), r.start());
        }
        collect(out, node, current, now);
        return out;
    }

    private static void collect(Map<String, List<Report.Point>> out, String node, List<Finding> findings, Instant at) {
        for (Finding f : findings) {
            if (f.node().equals(node) && (f.item().equals("disk-space") || f.item().equals("disk-inodes"))) {
                for (Metric m : f.metrics()) {
                    out.computeIfAbsent(f.item() + " " + m.name(), k -> new ArrayList<>()).add(new Report.Point(at, m.value()));
                }
            }
        }
    }

    /** Judges each series against the warn threshold carried by its latest metric. */
    public static CheckResult judge(Map<String, List<Report.Point>> series, Map<String, Double> warnBySeries) {
        if (series.isEmpty()) {
            return CheckResult.of(Status.OK, "no disk results to follow (run disk-space and disk-inodes)");
        }
        List<String> details = new ArrayList<>();
        List<Metric> metrics = new ArrayList<>();
        Status status = Status.OK;
        int judged = 0;
        String worstText = null;
        double soonest = Double.MAX_VALUE;
        for (Map.Entry<String, List<Report.Point>> e : series.entrySet()) {
            List<Report.Point> pts = e.getValue();
            if (pts.size() < MIN_POINTS || Duration.between(pts.get(0).time(), pts.get(pts.size() - 1).time()).compareTo(MIN_SPAN) < 0) {
                continue;
            }
            judged++;
            double slope = slopePerDay(pts);
            double latest = pts.get(pts.size() - 1).value();
            Double warn = warnBySeries.get(e.getKey());
            metrics.add(Metric.of(e.getKey() + " growth", Math.round(slope * 100) / 100.0, "%/d"));
            if (slope <= 0 || warn == null) {
                continue;
            }
            if (latest >= warn) {
                details.add(e.getKey() + ": already at " + fmt(latest) + "%, above warn " + fmt(warn) + "%, growing " + fmt(slope) + "%/day");
                continue;
            }
            double days = (warn - latest) / slope;
            if (days < soonest) {
                soonest = days;
            }
            String text = e.getKey() + ": " + fmt(latest) + "% growing " + fmt(slope) + "%/day, reaches " + fmt(warn) + "% in "
                    + fmt(days) + " days";
            if (days < WARN_DAYS) {
                status = Status.WARN;
                details.add("WARN " + text);
                if (worstText == null || days <= soonest) {
                    worstText = text;
                }
            }
        }
        if (judged == 0) {
            int points = series.values().stream().mapToInt(List::size).max().orElse(0);
            return CheckResult.of(Status.OK, "not enough history yet (" + points + (points == 1 ? " run" : " runs") + "; needs " + MIN_POINTS
                    + " saved runs over at least an hour)");
        }
        String message = status == Status.WARN ? worstText
                : judged + " series followed; none reaches its warn threshold within " + (int) WARN_DAYS + " days";
        return new CheckResult(status, message, metrics, details);
    }

    static double slopePerDay(List<Report.Point> pts) {
        double t0 = pts.get(0).time().toEpochMilli();
        double n = pts.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (Report.Point p : pts) {
            double x = (p.time().toEpochMilli() - t0) / 86_400_000.0;
            sx += x;
            sy += p.value();
            sxx += x * x;
            sxy += x * p.value();
        }
        double denom = n * sxx - sx * sx;
        return denom == 0 ? 0 : (n * sxy - sx * sy) / denom;
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }
}
