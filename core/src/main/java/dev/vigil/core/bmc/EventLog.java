package dev.vigil.core.bmc;

import java.util.List;

/** A BMC's event log as read: its entries oldest first, and how full it is (null when the BMC does not say). */
public record EventLog(List<SelEntry> entries, Integer percentUsed) {
    public EventLog {
        entries = List.copyOf(entries);
    }
}
