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

    default int exitCode() {
        return ExitCode.forStatus(status()).code();
    }
}
