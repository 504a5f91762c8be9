package dev.vigil.core.fleet;

import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Outcome;

import java.time.Duration;

/**
 * How one node's work ended: its outcome, the task's value (null unless the task returned one),
 * a one-line message for anything but OK, and the wall time from start to outcome.
 */
public record NodeResult<T>(Node node, Outcome outcome, T value, String message, Duration duration) {
}
