package dev.vigil.core.bmc;

/**
 * Reads one node's health through its BMC, out of band: it works while the node itself is down.
 * Every call has its own deadline (the driver's timeout) and never hangs.
 */
public interface BmcReader {
    /** Every sensor the BMC reports, in its order (IPMI: one session). */
    java.util.List<Sensor> sensors() throws BmcReadException;

    /** The event log, oldest first. */
    EventLog events() throws BmcReadException;

    /** Empties the event log (only ever on an explicit request, after the entries were stored). */
    void clearEvents() throws BmcReadException;
}
