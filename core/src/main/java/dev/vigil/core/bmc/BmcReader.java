package dev.vigil.core.bmc;

/**
 * Reads one node's health through its BMC, out of band: it works while the node itself is down.
 * Every call has its own deadline (the driver's timeout) and never hangs.
 */
public interface BmcReader extends AutoCloseable {
    /** Every sensor the BMC reports, in its order (IPMI: one session). */
    java.util.List<Sensor> sensors() throws BmcReadException;

    /** The event log, oldest first. */
    EventLog events() throws BmcReadException;

    /** What one look at the BMC read: its sensors and its event log, each null when not asked for. */
    record Reading(java.util.List<Sensor> sensors, EventLog events) {
    }

    /**
     * Sensors, the event log, or both, as cheaply as the protocol allows: IPMI reads both in one session
     * (the health check's two out-of-band checks share it).
     */
    default Reading read(boolean sensors, boolean events) throws BmcReadException {
        return new Reading(sensors ? sensors() : null, events ? events() : null);
    }

    /** Ends what the reader holds on the BMC (a Redfish session); never throws. */
    @Override
    default void close() {
    }

    /** Empties the event log (only ever on an explicit request, after the entries were stored). */
    void clearEvents() throws BmcReadException;
}
