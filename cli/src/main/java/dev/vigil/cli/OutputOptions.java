package dev.vigil.cli;

import dev.vigil.core.state.OutputPaths;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --format} and {@code --out}, the one picocli mixin of every command that reports. table is the
 * command's own table, json the result's own JSON document (the same a playbook step keeps as details),
 * and every other format the registry's renderer of the result's findings.
 */
final class OutputOptions extends FormatOption {
    @Option(names = "--out", paramLabel = "FILE", description = "Write the output to FILE (atomically: temp file + rename, mode 0600) instead of stdout.")
    Path out;

    /** Refuses an --out that cannot be written (a directory, a missing parent) before any work is done. */
    void check() {
        if (out != null) {
            OutputPaths.file(out, "--out");
        }
    }

    @Override
    Path target() {
        return out;
    }
}
