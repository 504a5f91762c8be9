package dev.vigil.healthcheck.checks;

import dev.vigil.core.config.Durations;
import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Status;
import dev.vigil.core.transport.ShellQuote;
import dev.vigil.healthcheck.Check;
import dev.vigil.healthcheck.CheckContext;
import dev.vigil.healthcheck.CheckResult;
import dev.vigil.healthcheck.HealthcheckConfig.Heartbeat;
import dev.vigil.healthcheck.Settings;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Configured services' last heartbeat (a file's mtime, a timestamp the service writes, or a command
 * printing one), aged by the node's own clock: one or two missed periods WARN, three in a row CRIT.
 */
public final class HeartbeatCheck implements Check {
    @Override
    public String name() {
        return "heartbeat";
    }

    @Override
    public String description() {
        return "configured services' last heartbeat (file mtime, written timestamp, or command); 3 missed periods CRIT";
    }

    @Override
    public String describe(Settings s) {
        if (s.heartbeats().isEmpty()) {
            return "no heartbeats configured for this node";
        }
        List<String> parts = new ArrayList<>();
        s.heartbeats().forEach(h -> parts.add(h.name() + " every " + Durations.format(h.periodOrDefault())));
        return String.join(", ", parts) + "; 1-2 missed WARN, 3 missed CRIT";
    }

    public static String script(List<Heartbeat> beats) {
        StringBuilder sb = new StringBuilder();
        for (Heartbeat h : beats) {
            sb.append("echo '#hb'; date +%s; ");
            if (h.file() != null) {
                sb.append("stat -c %Y -- ").append(ShellQuote.quote(h.file())).append(" 2>&1");
            } else if (h.timestampFile() != null) {
                sb.append("cat -- ").append(ShellQuote.quote(h.timestampFile())).append(" 2>&1");
            } else {
                sb.append("( ").append(h.command()).append(" ) 2>&1");
            }
            sb.append("; echo \"#rc=$?\"; ");
        }
        return sb.append("exit 0").toString();
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        List<Heartbeat> beats = ctx.settings().heartbeats();
        if (beats.isEmpty()) {
            return CheckResult.of(Status.OK, "no heartbeats configured for this node");
        }
        String out = ctx.probeOk(script(beats), "the heartbeat probe");
        String[] sections = out.split("#hb\n", -1);
        if (sections.length != beats.size() + 1) {
            throw new CheckContext.CannotCheck("could not read the heartbeat probe", out);
        }
        Status status = Status.OK;
        List<String> details = new ArrayList<>();
        List<Metric> metrics = new ArrayList<>();
        for (int i = 0; i < beats.size(); i++) {
            Heartbeat h = beats.get(i);
            String[] lines = sections[i + 1].strip().split("\n");
            long nodeNow = Long.parseLong(lines[0].strip());
            String rc = lines[lines.length - 1];
            String value = lines.length > 2 ? lines[1].strip() : "";
            Duration period = h.periodOrDefault();
            Status s;
            String text;
            Instant last = rc.equals("#rc=0") ? parseTime(value) : null;
            if (last == null) {
                s = Status.CRIT;
                text = h.name() + ": no heartbeat found (" + (value.isEmpty() ? rc : value) + ")";
            } else {
                long age = Math.max(0, nodeNow - last.getEpochSecond());
                long missed = age / Math.max(1, period.toSeconds());
                s = missed >= 3 ? Status.CRIT : missed >= 1 ? Status.WARN : Status.OK;
                text = h.name() + ": last beat " + age + "s ago (period " + Durations.format(period) + ", "
                        + (missed == 0 ? "on time" : missed + " missed") + ")";
                metrics.add(Metric.of(h.name() + " age", age, "s"));
            }
            details.add(s + " " + text);
            status = s.severity() > status.severity() ? s : status;
        }
        String message = status == Status.OK ? beats.size() + " heartbeats on time"
                : details.stream().filter(d -> !d.startsWith("OK")).map(d -> d.substring(d.indexOf(' ') + 1)).reduce((a, b) -> a + "; " + b).orElse("");
        return new CheckResult(status, message, metrics, details);
    }

    /** Epoch seconds (with or without fraction) or ISO-8601 with offset; null if neither. */
    static Instant parseTime(String s) {
        String t = s.strip();
        if (t.matches("\\d{9,}(\\.\\d+)?")) {
            return Instant.ofEpochSecond((long) Double.parseDouble(t));
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
