package dev.vigil.healthcheck;

/**
 * One check: what it looks at on a node and how it judges it. Implementations are small and
 * stateless; they ask the {@link CheckContext} for probe output (memoized per node and run, so a
 * probe two checks share runs once) and return one {@link CheckResult}.
 *
 * <p>Contract: a check that cannot run (command absent, permission denied, output it cannot parse)
 * returns UNKNOWN with the reason and an excerpt, or throws {@link CheckContext.CannotCheck}; it never
 * returns OK for what it could not see.
 */
public interface Check extends CheckInfo {
    CheckResult run(CheckContext ctx) throws Exception;

    /** Whether it reads the run's alarms ({@link RunEnvironment#alarms()}): the sources are fetched once, and only when a selected check does. */
    default boolean usesAlarms() {
        return false;
    }

    /**
     * Whether it looks through the node's BMC, not over SSH: it runs, on the controller, for a node that is down
     * or unreachable too (its context has no transport then).
     */
    default boolean outOfBand() {
        return false;
    }
}
