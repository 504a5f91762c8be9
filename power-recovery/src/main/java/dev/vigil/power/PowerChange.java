package dev.vigil.power;

import dev.vigil.core.config.Durations;

/** Reading a power change back: real BMCs apply an accepted change 1-15 s later. */
public final class PowerChange {
    private PowerChange() {
    }

    /**
     * Polls the state every power.confirm_poll until it is {@code want}, for up to
     * power.confirm_timeout (default 60 s). Sends nothing: a late change is waited for, never
     * countered, so an accepted off cannot power the node down after an on was sent.
     */
    public static PowerState confirm(BmcDriver bmc, PowerState want, PowerConfig cfg) throws BmcException {
        return confirm(bmc, want, cfg.confirmWait(), cfg.confirmInterval());
    }

    /** As {@link #confirm(BmcDriver, PowerState, PowerConfig)}, polling every {@code poll} for up to {@code wait}. */
    public static PowerState confirm(BmcDriver bmc, PowerState want, java.time.Duration wait, java.time.Duration poll) throws BmcException {
        long deadline = System.nanoTime() + wait.toNanos();
        PowerState s = bmc.status();
        while (s != want && System.nanoTime() < deadline) {
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BmcException(BmcException.Kind.FAILED, "interrupted");
            }
            s = bmc.status();
        }
        if (s != want) {
            throw new BmcException(BmcException.Kind.FAILED, "the BMC accepted the command but the power is still " + s.label() + " after "
                    + Durations.format(wait) + " (power.confirm_timeout)");
        }
        return s;
    }
}
