package dev.vigil.core.transport;

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
}
