package dev.vigil.cli;

import dev.vigil.core.result.RunResult;
import dev.vigil.core.result.render.RendererRegistry;
import dev.vigil.core.state.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code --format}, a picocli mixin (for the commands whose --out is a directory; the rest take
 * {@link OutputOptions}, which adds --out FILE): any name of the renderer registry (table, json, junit, nagios,
 * prometheus, html, markdown). An unknown one is refused while parsing (exit 64), before any work.
 */
class FormatOption {
    @Option(names = "--format", paramLabel = "FORMAT", converter = Known.class,
            description = "table, json, junit, nagios, prometheus, html or markdown. Default: table.")
    String format = "table";

    static final class Known implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String v = value.toLowerCase(java.util.Locale.ROOT);
            if (!RendererRegistry.builtIn().names().contains(v)) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a format: use " + String.join(", ", RendererRegistry.builtIn().names()));
            }
            return v;
        }
    }

    boolean json() {
        return format.equals("json");
    }

    boolean table() {
        return format.equals("table");
    }

    /** Where the output goes; null: stdout. */
    Path target() {
        return null;
    }

    /** Shows the result in the chosen format (table: the result's own text) and returns its exit code. */
    int emit(CommandContext ctx, String title, RunResult result) {
        return emit(ctx.out(), ctx.session().env(), title, result, "rw-------");
    }

    /** As above, an --out file getting this mode (rw-r--r-- for node_exporter's textfile collector). */
    int emit(CommandContext ctx, String title, RunResult result, String mode) {
        return emit(ctx.out(), ctx.session().env(), title, result, mode);
    }

    /** As above, for a command that must not build the run's context (config validate reads a config that may not load). */
    int emit(java.io.PrintWriter stdout, java.util.Map<String, String> env, String title, RunResult result, String mode) {
        String text;
        if (table()) {
            String plain = result.text(title);
            text = Colour.enabled(env) && target() == null ? Colour.statuses(plain) : plain;
        } else if (json()) {
            text = pretty(result.json()) + "\n";
        } else if (result.ownFormat(format) != null) {
            text = result.ownFormat(format);
        } else {
            text = RendererRegistry.builtIn().get(format).render(result.report(title));
        }
        if (target() != null) {
            try {
                AtomicFiles.write(target(), text.getBytes(StandardCharsets.UTF_8), mode);
            } catch (IOException e) {
                // the work is done; what it found could not be kept: say so plainly, never "internal error"
                throw new dev.vigil.core.error.VigilException(dev.vigil.core.result.ExitCode.UNKNOWN, "cannot write " + target() + ": " + e.getMessage());
            }
        } else {
            stdout.print(text);
            stdout.flush();
        }
        return result.exitCode();
    }

    private static String pretty(com.fasterxml.jackson.databind.JsonNode json) {
        try {
            return dev.vigil.core.config.Yaml.jsonMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }
}
