package dev.vigil.healthcheck.checks;

import dev.vigil.core.bmc.BmcReadException;
import dev.vigil.core.bmc.BmcReader;
import dev.vigil.core.bmc.EventLog;
import dev.vigil.core.bmc.SelEntry;
import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Status;
import dev.vigil.healthcheck.Check;
import dev.vigil.healthcheck.CheckContext;
import dev.vigil.healthcheck.CheckResult;
import dev.vigil.healthcheck.Settings;
import dev.vigil.healthcheck.hardware.EventJudge;
import dev.vigil.healthcheck.hardware.EventStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The BMC's event log (IPMI SEL, Redfish LogEntries) entries that are new since the last run, each reported
 * once: the last-seen entry and every entry read are kept in the state dir (bmc-events/). Judged per entry
 * (EventJudge); a log 90% full is WARN, since a full SEL drops new events. With --clear-sel, a log at least
 * hardware.sel_clear_at full is cleared, only after its entries are stored.
 */
public final class BmcEventsCheck implements Check {
    static final int FULL_WARN = 90;
    static final int SHOWN = 5;

    @Override
    public String name() {
        return "bmc-events";
    }

    @Override
    public String description() {
        return "new entries of the BMC's event log since the last run (ECC, PSU, CPU IERR, watchdog, thermal), each reported once";
    }

    @Override
    public String describe(Settings s) {
        return "uncorrectable/failure/trip CRIT, correctable/predictive/redundancy WARN; log " + FULL_WARN + "% full WARN;"
                + " --clear-sel at " + s.config().hardware().selClearAtOrDefault() + "%";
    }

    @Override
    public boolean outOfBand() {
        return true;
    }

    @Override
    public CheckResult run(CheckContext ctx) throws IOException, InterruptedException {
        if (ctx.node().bmc() == null) {
            return CheckResult.of(Status.OK, "no BMC in the inventory for this node (bmc_address)");
        }
        String node = ctx.node().name();
        BmcReader bmc;
        EventLog log;
        try {
            bmc = ctx.bmc();
            dev.vigil.core.bmc.BmcReader.Reading reading = ctx.bmcReading();
            log = reading.events() != null ? reading.events() : bmc.events();
        } catch (BmcReadException e) {
            return CheckResult.of(Status.UNKNOWN, "BMC not read: " + e.getMessage());
        }
        EventStore store = ctx.env().bmcEvents() == null ? null : new EventStore(ctx.env().bmcEvents());
        boolean first = store == null || !store.known(node);
        List<SelEntry> fresh = store == null ? log.entries() : store.unseen(node, log.entries());
        Status worst = Status.OK;
        List<String> shown = new ArrayList<>();
        List<String> details = new ArrayList<>();
        int crit = 0;
        int warn = 0;
        for (SelEntry e : fresh) {
            Status s = EventJudge.judge(e);
            if (s == Status.OK) {
                continue;
            }
            crit += s == Status.CRIT ? 1 : 0;
            warn += s == Status.WARN ? 1 : 0;
            worst = s.severity() > worst.severity() ? s : worst;
            String line = e.time() + " " + e.sensor() + ": " + e.event();
            details.add(s + " " + line + " (id " + e.id() + ")");
        }
        // the critical ones first in the message, then the warnings, each oldest first
        details.sort((a, b) -> Boolean.compare(b.startsWith("CRIT"), a.startsWith("CRIT")));
        details.stream().limit(SHOWN).forEach(d -> shown.add(d.substring(d.indexOf(' ') + 1)));
        String cleared = "";
        if (store != null) {
            store.record(node, fresh, log.entries().isEmpty() ? null : log.entries().get(log.entries().size() - 1));
            Integer used = log.percentUsed();
            if (ctx.env().clearSel() && used != null && used >= ctx.settings().config().hardware().selClearAtOrDefault()) {
                try {
                    bmc.clearEvents();
                    store.record(node, List.of(), null);
                    cleared = "; cleared at " + used + "% full (every entry is kept in the state dir)";
                    used = 0;
                } catch (BmcReadException e) {
                    cleared = "; not cleared: " + e.getMessage();
                }
            }
            if (used != null && used >= FULL_WARN && cleared.isEmpty()) {
                worst = worst.severity() > Status.WARN.severity() ? worst : Status.WARN;
                shown.add("the log is " + used + "% full: a full SEL drops new events (vigil healthcheck run --clear-sel)");
            }
        }
        String head = fresh.size() + " new " + (fresh.size() == 1 ? "entry" : "entries") + (first ? " (first read of this log)" : " since the last run")
                + (crit + warn == 0 ? "" : ": " + (crit > 0 ? crit + " critical" : "") + (crit > 0 && warn > 0 ? ", " : "") + (warn > 0 ? warn + " warning" : ""));
        String msg = head + (shown.isEmpty() ? "" : "; " + String.join("; ", shown)) + (details.size() > SHOWN ? "; ..." : "") + cleared;
        List<Metric> metrics = new ArrayList<>(List.of(Metric.of("new_entries", fresh.size(), null), Metric.of("critical", crit, null),
                Metric.of("warning", warn, null), Metric.of("entries", log.entries().size(), null)));
        if (log.percentUsed() != null) {
            metrics.add(Metric.percent("sel_used", log.percentUsed(), (double) FULL_WARN, null));
        }
        return new CheckResult(worst, msg, metrics, details);
    }
}
