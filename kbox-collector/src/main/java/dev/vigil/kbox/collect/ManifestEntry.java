package dev.vigil.kbox.collect;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One collected item on one node, as the bundle's manifest.json lists it. {@code status} is ok,
 * absent (the path does not exist), error (unreadable, command failed to start), timed-out,
 * failed (the command exited non-zero; its output is kept) or unreachable (the node).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@com.fasterxml.jackson.databind.annotation.JsonNaming(com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ManifestEntry(String node, String item, String source, String file, String start, String end, Integer exitStatus,
                            long bytes, String sha256, boolean truncated, String status, String error) {
}
