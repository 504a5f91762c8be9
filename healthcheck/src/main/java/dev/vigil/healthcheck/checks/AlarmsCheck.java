package dev.vigil.healthcheck.checks;

import dev.vigil.core.result.Finding;
import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Status;
import dev.vigil.healthcheck.AlarmMatch;
import dev.vigil.healthcheck.Check;
import dev.vigil.healthcheck.CheckContext;
import dev.vigil.healthcheck.CheckResult;
import dev.vigil.healthcheck.RunEnvironment;
import dev.vigil.healthcheck.Settings;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The active alarms concerning the node, from the configured sources (fetched once per run) and
 * Vigil's own; an alarm present in the previous saved run and gone now is reported as cleared.
 * Severity critical (and error, page ...) is CRIT, warning is WARN, info OK, an unknown one WARN (AlarmMatch);
 * a node label may be an FQDN or an address with a port.
 */
public final class AlarmsCheck implements Check {
    static final String ACTIVE = "alarm: ";
    static final String CLEARED = "cleared: ";

    @Override
    public String name() {
        return "alarms";
    }

    @Override
    public String description() {
        return "active alarms for the node from Alertmanager, a JSON file, a command and Vigil's own; cleared ones noted";
    }

    @Override
    public String describe(Settings s) {
        return "critical alarm CRIT, warning alarm WARN";
    }

    @Override
    public boolean usesAlarms() {
        return true;
    }

    @Override
    public CheckResult run(CheckContext ctx) {
        RunEnvironment env = ctx.env();
        String node = ctx.node().name();
        Map<String, String> severities = ctx.settings().config().alarms() == null ? Map.of() : ctx.settings().config().alarms().severities();
        List<String> details = new ArrayList<>();
        Set<String> active = new LinkedHashSet<>();
        Status status = Status.OK;
        for (RunEnvironment.Alarm a : env.alarms()) {
            if (!AlarmMatch.matches(a.node(), ctx.node())) {
                continue;
            }
            String id = a.name() + " [" + (a.severity() == null ? "unknown" : a.severity()) + "]";
            active.add(a.name());
            details.add(ACTIVE + id + (a.summary() == null ? "" : " " + a.summary()) + " (" + a.source() + ")");
            Status s = AlarmMatch.severity(a.severity(), severities);
            status = s.severity() > status.severity() ? s : status;
        }
        List<String> cleared = new ArrayList<>();
        Finding before = ctx.previous(name());
        if (before != null) {
            for (String d : before.details()) {
                if (d.startsWith(ACTIVE)) {
                    String alarmName = d.substring(ACTIVE.length()).split(" \\[")[0];
                    if (!active.contains(alarmName)) {
                        cleared.add(alarmName);
                        details.add(CLEARED + alarmName);
                    }
                }
            }
        }
        if (env.alarmError() != null) {
            details.add("source error: " + env.alarmError());
            if (status == Status.OK) {
                status = Status.UNKNOWN;
            }
        }
        String message = (active.isEmpty() ? "no active alarms" : active.size() + " active: " + String.join(", ", active))
                + (cleared.isEmpty() ? "" : "; cleared since the last run: " + String.join(", ", cleared))
                + (env.alarmError() != null ? "; " + env.alarmError() : "");
        return new CheckResult(status, message, List.of(Metric.of("active", active.size(), null)), details);
    }
}
