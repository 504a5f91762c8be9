package dev.vigil.core.bmc;

/**
 * One entry of a BMC's event log (IPMI SEL, Redfish LogEntry).
 *
 * @param id       the record id as the BMC numbers it (IPMI hex, Redfish Id)
 * @param time     when, as the BMC wrote it (it may be "Pre-Init" time: seconds since the BMC started)
 * @param sensor   the sensor it concerns, with its type ("Power Supply PS1 Status"), or the Redfish message's origin
 * @param event    what happened ("Power Supply AC lost", a Redfish Message)
 * @param asserted false for a deassertion (the condition went away)
 * @param severity the BMC's own severity where it gives one (Redfish Critical/Warning/OK), else null
 */
public record SelEntry(String id, String time, String sensor, String event, boolean asserted, String severity) {
    /** What makes the entry itself, for finding it again in a later read (ids restart after a clear). */
    public String key() {
        return id + "|" + time + "|" + sensor + "|" + event + "|" + asserted;
    }
}
