package dev.vigil.healthcheck.hardware;

import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Status;
import dev.vigil.healthcheck.HealthcheckConfig.Threshold;
import dev.vigil.healthcheck.parse.Smart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Judges one disk's SMART report, a pure function of the report, the counts of the previous run and the
 * thresholds: the drive's own verdict (FAILED, an attribute at its vendor threshold now, NVMe critical
 * warning, spare below threshold) CRIT; pending or offline-uncorrectable sectors, media or uncorrected errors,
 * and any growth of a failure counter since the last run WARN, even under the vendor threshold; reallocated
 * sectors (ATA) and grown defects (SCSI) against smart-reallocated; NVMe wear against smart-wear.
 */
public final class SmartJudge {
    private SmartJudge() {
    }

    public record Verdict(Status status, List<String> problems, List<Metric> metrics) {
    }

    private static final String[] NVME_BITS = {"spare below threshold", "temperature out of range", "reliability degraded",
            "media read-only", "volatile memory backup failed", "persistent memory region unreliable"};

    /** previous: the last run's metrics of this node's check by name ("sda.pending_sectors"), empty when none. */
    public static Verdict judge(Smart.Report r, String disk, Map<String, Double> previous, Threshold reallocated, Threshold wear) {
        List<String> problems = new ArrayList<>();
        List<Metric> metrics = new ArrayList<>();
        Status[] worst = {Status.OK};
        java.util.function.BiConsumer<Status, String> bad = (s, why) -> {
            problems.add(s + " " + disk + ": " + why);
            worst[0] = s.severity() > worst[0].severity() ? s : worst[0];
        };
        if ((r.exitStatus() & 0x03) != 0) {
            bad.accept(Status.UNKNOWN, "smartctl could not " + ((r.exitStatus() & 0x01) != 0 ? "parse its command line" : "open the device")
                    + (r.error() == null ? "" : " (" + r.error() + ")"));
            return new Verdict(worst[0], problems, metrics);
        }
        if (Boolean.FALSE.equals(r.passed()) || (r.exitStatus() & 0x08) != 0) {
            bad.accept(Status.CRIT, "SMART overall-health self-assessment FAILED" + (r.model().isEmpty() ? "" : " (" + r.model() + ")"));
        }
        for (Smart.Attribute a : r.attributes()) {
            String key = Smart.WATCHED.get(a.id());
            metrics.add(Metric.of(disk + "." + key, a.raw(), null));
            if (a.failingNow()) {
                bad.accept(Status.CRIT, a.name() + " is at or below its vendor threshold now (raw " + a.raw() + ")");
            }
            Double before = previous.get(disk + "." + key);
            boolean grows = before != null && a.raw() > before && a.id() != 1 && a.id() != 4;
            if (grows && (Smart.GROWTH_WARNS.contains(a.id()) || a.id() == 10 || a.id() == 11 || a.id() == 199 || a.id() == 200)) {
                bad.accept(Status.WARN, a.name() + " grew from " + before.longValue() + " to " + a.raw() + " since the last run");
            }
        }
        Smart.Attribute realloc = r.attribute(5);
        if (realloc != null) {
            over(realloc.raw(), reallocated, "reallocated sectors", bad);
        }
        for (int id : new int[]{197, 198}) {
            Smart.Attribute a = r.attribute(id);
            if (a != null && a.raw() > 0) {
                bad.accept(Status.WARN, a.raw() + " " + (id == 197 ? "pending (unreadable) sectors" : "offline-uncorrectable sectors"));
            }
        }
        if (r.nvmeCriticalWarning() != null) {
            int cw = r.nvmeCriticalWarning();
            metrics.add(Metric.of(disk + ".critical_warning", cw, null));
            if (cw != 0) {
                List<String> bits = new ArrayList<>();
                for (int i = 0; i < NVME_BITS.length; i++) {
                    if ((cw & (1 << i)) != 0) {
                        bits.add(NVME_BITS[i]);
                    }
                }
                bad.accept(Status.CRIT, "NVMe critical warning 0x" + Integer.toHexString(cw) + " (" + String.join(", ", bits) + ")");
            }
        }
        if (r.nvmeMediaErrors() != null) {
            metrics.add(Metric.of(disk + ".media_errors", r.nvmeMediaErrors(), null));
            Double before = previous.get(disk + ".media_errors");
            if (r.nvmeMediaErrors() > 0) {
                bad.accept(Status.WARN, r.nvmeMediaErrors() + " media and data integrity errors"
                        + (before != null && r.nvmeMediaErrors() > before ? " (grew from " + before.longValue() + ")" : ""));
            }
        }
        if (r.nvmePercentUsed() != null) {
            metrics.add(new Metric(disk + ".percentage_used", r.nvmePercentUsed(), "%", wear.warn(), wear.crit(), 0.0, null));
            over(r.nvmePercentUsed(), wear, "% of its rated endurance used", bad);
        }
        if (r.nvmeAvailableSpare() != null && r.nvmeSpareThreshold() != null && r.nvmeAvailableSpare() < r.nvmeSpareThreshold()) {
            bad.accept(Status.CRIT, "available spare " + r.nvmeAvailableSpare() + "% is below its threshold " + r.nvmeSpareThreshold() + "%");
        }
        if (r.scsiGrownDefects() != null) {
            metrics.add(Metric.of(disk + ".grown_defects", r.scsiGrownDefects(), null));
            Double before = previous.get(disk + ".grown_defects");
            over(r.scsiGrownDefects(), reallocated, "grown defects", bad);
            if (before != null && r.scsiGrownDefects() > before) {
                bad.accept(Status.WARN, "grown defects grew from " + before.longValue() + " to " + r.scsiGrownDefects() + " since the last run");
            }
        }
        if (r.scsiUncorrected() != null) {
            metrics.add(Metric.of(disk + ".uncorrected_errors", r.scsiUncorrected(), null));
            if (r.scsiUncorrected() > 0) {
                bad.accept(Status.WARN, r.scsiUncorrected() + " uncorrected read/write/verify errors");
            }
        }
        if (r.temperature() != null) {
            metrics.add(Metric.of(disk + ".temperature", r.temperature(), "C"));
        }
        return new Verdict(worst[0], problems, metrics);
    }

    private static void over(double value, Threshold t, String what, java.util.function.BiConsumer<Status, String> bad) {
        String v = dev.vigil.healthcheck.Numbers.fmt(value);
        if (t.crit() != null && value >= t.crit()) {
            bad.accept(Status.CRIT, v + " " + what + " (>= " + dev.vigil.healthcheck.Numbers.fmt(t.crit()) + ")");
        } else if (t.warn() != null && value >= t.warn()) {
            bad.accept(Status.WARN, v + " " + what + " (>= " + dev.vigil.healthcheck.Numbers.fmt(t.warn()) + ")");
        }
    }
}
