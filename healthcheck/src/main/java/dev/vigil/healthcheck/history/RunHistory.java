package dev.vigil.healthcheck.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.config.Yaml;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.result.Finding;
import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Report;
import dev.vigil.core.result.Status;
import dev.vigil.core.result.render.JsonRenderer;
import dev.vigil.core.state.AtomicFiles;
import dev.vigil.core.state.StateDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Saved health-check runs: one JSON file per run (the documented JSON schema) in
 * {@code <state>/healthcheck/runs}, named by run id, which sorts by time.
 */
public final class RunHistory {
    /** A run read back from disk. */
    public record SavedRun(Path file, Report report) {
    }

    private final Path dir;

    public RunHistory(Path stateDir) {
        this.dir = new StateDir(stateDir).healthcheckRuns();
    }

    public Path save(Report report) throws IOException {
        Path file = dir.resolve(report.id() + ".json");
        AtomicFiles.write(file, new JsonRenderer().render(report).getBytes(StandardCharsets.UTF_8));
        return file;
    }

    /** Saved run files, oldest first. */
    public List<Path> files() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UsageException("cannot list " + dir + ": " + e.getMessage());
        }
    }

    /** Runs newer than {@code since}, oldest first (for trends). Unreadable files are skipped. */
    public List<SavedRun> since(Instant since) {
        List<SavedRun> out = new ArrayList<>();
        for (Path p : files()) {
            try {
                SavedRun r = read(p);
                if (!r.report().start().isBefore(since)) {
                    out.add(r);
                }
            } catch (UsageException e) {
                // a damaged file does not stop a run; history simply lacks it
            }
        }
        return out;
    }

    public SavedRun latestOrNull() {
        List<Path> f = files();
        return f.isEmpty() ? null : read(f.get(f.size() - 1));
    }

    /** RUN as the operator writes it: latest, previous, a run id (or a unique prefix of one), or a file. */
    public SavedRun resolve(String ref) {
        List<Path> f = files();
        switch (ref) {
            case "latest":
                if (f.isEmpty()) {
                    throw new UsageException("no saved runs yet (run: vigil healthcheck run --save)");
                }
                return read(f.get(f.size() - 1));
            case "previous":
                if (f.size() < 2) {
                    throw new UsageException("there is no previous saved run (" + f.size() + " saved)");
                }
                return read(f.get(f.size() - 2));
            default:
                Path asFile = Path.of(ref);
                if (ref.endsWith(".json") && Files.isRegularFile(asFile)) {
                    return read(asFile);
                }
                List<Path> matches = f.stream().filter(p -> p.getFileName().toString().startsWith(ref)).toList();
                if (matches.size() == 1) {
                    return read(matches.get(0));
                }
                throw new UsageException(matches.isEmpty() ? "no saved run '" + ref + "' (see: vigil healthcheck history)"
                        : "'" + ref + "' matches " + matches.size() + " runs; give more of the id");
        }
    }

    public static SavedRun read(Path file) {
        try {
            JsonNode doc = Yaml.jsonMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
            List<Finding> findings = new ArrayList<>();
            for (JsonNode n : doc.path("nodes")) {
                for (JsonNode c : n.path("checks")) {
                    List<Metric> metrics = new ArrayList<>();
                    for (JsonNode m : c.path("metrics")) {
                        metrics.add(new Metric(m.path("name").asText(), m.path("value").asDouble(), text(m, "unit"),
                                num(m, "warn"), num(m, "crit"), num(m, "min"), num(m, "max")));
                    }
                    List<String> details = new ArrayList<>();
                    c.path("details").forEach(d -> details.add(d.asText()));
                    findings.add(new Finding(n.path("name").asText(), c.path("check").asText(), Status.valueOf(c.path("status").asText()),
                            c.path("message").asText(), metrics, details, c.path("duration_ms").asLong()));
                }
            }
            return new SavedRun(file, new Report(doc.path("run_id").asText(), doc.path("title").asText(),
                    Instant.parse(doc.path("start").asText()), Instant.parse(doc.path("end").asText()), findings, null));
        } catch (IOException | RuntimeException e) {
            throw new UsageException("cannot read saved run " + file + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static Double num(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asDouble() : null;
    }
}
