package dev.vigil.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vigil.core.config.Yaml;
import dev.vigil.core.fleet.NodeResult;
import dev.vigil.core.result.ExitCode;
import dev.vigil.core.result.Outcome;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The output shared by commands: JSON documents, the summary line and the exit code of a fan-out. */
final class Renderers {
    private Renderers() {
    }

    static String json(Object value) {
        try {
            return Yaml.jsonMapper().copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    /** e.g. "20 nodes: 18 ok, 1 unreachable, 1 timed-out in 1.42s" */
    static String summary(List<? extends NodeResult<?>> results, long elapsedMillis) {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        results.forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
        String parts = counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().label())
                .collect(Collectors.joining(", "));
        return results.size() + (results.size() == 1 ? " node: " : " nodes: ") + parts
                + String.format(" in %.2fs", elapsedMillis / 1000.0);
    }

    static int exitCode(List<? extends NodeResult<?>> results) {
        return ExitCode.forStatuses(results.stream().map(r -> r.outcome().status()).collect(Collectors.toList())).code();
    }

    /** Text written to a PrintWriter, as one string (a command's table, for OutputOptions). */
    static String text(java.util.function.Consumer<java.io.PrintWriter> body) {
        java.io.StringWriter w = new java.io.StringWriter();
        java.io.PrintWriter p = new java.io.PrintWriter(w);
        body.accept(p);
        p.flush();
        return w.toString();
    }

    static String seconds(java.time.Duration d) {
        return String.format("%.2fs", d.toMillis() / 1000.0);
    }
}
