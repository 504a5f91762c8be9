package dev.vigil.core.transport;

import dev.vigil.core.result.Outcome;

import java.time.Duration;

/**
 * What a command did: exit code ({@code -1} when it ended by a signal or timed out), captured
 * output (cut at the capture limit, with a flag) and wall time.
 */
public record ExecResult(int exitCode, String stdout, String stderr, boolean stdoutTruncated, boolean stderrTruncated,
                         boolean timedOut, Duration duration) {
    public boolean ok() {
        return exitCode == 0 && !timedOut;
    }

    /** timed-out, ok (exit 0) or failed: how a node's command is reported. */
    public Outcome outcome() {
        return timedOut ? Outcome.TIMED_OUT : exitCode == 0 ? Outcome.OK : Outcome.FAILED;
    }
}
