package dev.vigil.power;

/**
 * One node's BMC. Contract: every call has its own deadline and never hangs; a BMC that does not
 * answer is {@link BmcException.Kind#UNREACHABLE}, wrong credentials are
 * {@link BmcException.Kind#AUTH_FAILED} (never retried: retrying a wrong password locks accounts);
 * {@link #powerOn()} on a node already on is harmless. Implementations are thread-safe.
 */
public interface BmcDriver extends AutoCloseable {
    PowerState status() throws BmcException;

    void powerOn() throws BmcException;

    /**
     * Powers on and reads the state back. A driver whose every call costs a session (ipmitool: a
     * process, a RAKP handshake) does both in one.
     */
    default PowerState powerOnAndRead() throws BmcException {
        powerOn();
        return status();
    }

    void powerOff() throws BmcException;

    /** Off and on again (a hard reset of a hung node). */
    void cycle() throws BmcException;

    /** The chassis power-restore policy: always-on, always-off, previous, or unknown. */
    String restorePolicy() throws BmcException;

    /** Sets the power-restore policy (always-on, previous or always-off); the caller reads it back. */
    void setRestorePolicy(String policy) throws BmcException;

    /** Ends what the driver holds on the BMC (a Redfish session: BMCs allow only a few); never throws. */
    @Override
    default void close() {
    }
}
