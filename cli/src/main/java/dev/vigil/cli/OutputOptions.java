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
    @Option(names = "--out", paramLabel = "FILE", converter = Writable.class,
            description = "Write the output to FILE (atomically: temp file + rename, mode 0600) instead of stdout.")
    Path out;

    /** An --out that cannot be written (a directory, an unwritable parent) is refused while parsing, before any work. */
    static final class Writable implements picocli.CommandLine.ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            try {
                return OutputPaths.file(Path.of(value), "--out");
            } catch (dev.vigil.core.error.UsageException | java.nio.file.InvalidPathException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage().replaceFirst("^--out ", ""));
            }
        }
    }

    @Override
    Path target() {
        return out;
    }
}
