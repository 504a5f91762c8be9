package dev.vigil.core.result;

/**
 * What every use case returns: its worst {@link Status} and one line that says what it found. The
 * status alone decides the exit code ({@link #exitCode()}, the table in DESIGN.md) and a playbook
 * step's verdict; the record itself, serialised as JSON, is the command's {@code --format json} and
 * the step's details, so the two never differ.
 */
public interface RunResult {
    Status status();

    /** One line for a playbook step's reason and a job's record, e.g. "20 nodes: 20 ok". */
    String summary();

    /**
     * The result as findings (node, item, status, message, metrics, duration) that every report format
     * can show (table, junit, nagios, prometheus, html, markdown). By default one finding for the whole
     * run; results with nodes give one per node.
     */
    default java.util.List<Finding> findings(String item) {
        return java.util.List.of(new Finding("vigil", item, status(), summary(), java.util.List.of(), java.util.List.of(), 0));
    }

    /** The result as a report for the renderers: its findings under this title, unless the use case has a report of its own. */
    default Report report(String title) {
        java.time.Instant now = java.time.Instant.now();
        return new Report(title.replace(' ', '-') + "-" + now.getEpochSecond(), title, now, now, findings(title), null);
    }

    /**
     * The {@code table} format: the use case's own view for a person, plain text (the CLI colours the
     * statuses on a terminal). By default the registry's table of {@link #report(String)}.
     */
    default String text(String title) {
        return dev.vigil.core.result.render.RendererRegistry.builtIn().get("table").render(report(title));
    }

    /**
     * A format this result renders itself rather than through the registry's renderer of its findings
     * (a playbook's checklist as JUnit, Markdown and HTML, with its steps' details); null: the registry's.
     */
    default String ownFormat(String format) {
        return null;
    }

    /** The result's JSON: {@code --format json} and a playbook step's details, one and the same. */
    default com.fasterxml.jackson.databind.JsonNode json() {
        return (this instanceof StoredRecordJson ? dev.vigil.core.config.Yaml.recordMapper() : dev.vigil.core.config.Yaml.jsonMapper())
                .valueToTree(this);
    }

    /** A result whose JSON is snake_case, null fields left out, as Vigil's stored records (backup's manifests and catalogs). */
    interface StoredRecordJson {
    }

    default int exitCode() {
        return ExitCode.forStatus(status()).code();
    }
}
