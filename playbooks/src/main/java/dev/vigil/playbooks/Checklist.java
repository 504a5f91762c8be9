package dev.vigil.playbooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vigil.core.action.Action;
import dev.vigil.core.config.Yaml;

import java.util.List;

/** The result of a playbook run: every step with its verdict, duration, reason and details. */
public record Checklist(String playbook, String description, String source, String limit, String started, String finished,
                        long durationMs, Action.StepStatus worst, List<StepResult> steps) {

    public record StepResult(String id, String name, String uses, Action.StepStatus status, long durationMs, String reason,
                             Object details) {
    }

    /** The report's JSON (snake_case, nulls kept) and the details shown in the HTML: one mapper, made once. */
    private static final com.fasterxml.jackson.databind.ObjectMapper PRETTY = Yaml.jsonMapper().copy()
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public int exitCode() {
        return worst.exitCode();
    }

    public String render(String format) {
        return switch (format) {
            case "json" -> json();
            case "junit" -> junit();
            case "markdown" -> markdown();
            case "html" -> html();
            case "table" -> table();
            default -> throw new IllegalArgumentException("unknown format '" + format + "' (table, json, junit, markdown, html)");
        };
    }

    /** The checklist's JSON document: snake_case, nulls kept (the report file, --format json and a job's record). */
    com.fasterxml.jackson.databind.JsonNode tree() {
        return PRETTY.valueToTree(this);
    }

    private String json() {
        try {
            return PRETTY.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String seconds(long ms) {
        return String.format("%.1fs", ms / 1000.0);
    }

    private String table() {
        StringBuilder b = new StringBuilder();
        b.append("playbook ").append(playbook).append(limit == null ? "" : " (-l " + limit + ")").append('\n');
        int w = steps.stream().mapToInt(s -> s.name().length()).max().orElse(4);
        for (int i = 0; i < steps.size(); i++) {
            StepResult s = steps.get(i);
            b.append(String.format("%2d. %-7s %-" + w + "s %7s  %s%n", i + 1, s.status(), s.name(), seconds(s.durationMs()),
                    s.reason() == null ? "" : s.reason()));
        }
        b.append(summary()).append('\n');
        return b.toString();
    }

    String summary() {
        long pass = steps.stream().filter(s -> s.status() == Action.StepStatus.PASS).count();
        long warn = steps.stream().filter(s -> s.status() == Action.StepStatus.WARN).count();
        long fail = steps.stream().filter(s -> s.status() == Action.StepStatus.FAIL).count();
        long skip = steps.stream().filter(s -> s.status() == Action.StepStatus.SKIPPED).count();
        return worst + ": " + steps.size() + " steps, " + pass + " pass, " + warn + " warn, " + fail + " fail, " + skip + " skipped in "
                + seconds(durationMs);
    }

    private String markdown() {
        StringBuilder b = new StringBuilder("# Playbook " + playbook + "\n\n");
        if (description != null) {
            b.append(description.strip()).append("\n\n");
        }
        b.append("Started ").append(started).append(", finished ").append(finished).append(limit == null ? "" : ", nodes `" + limit + "`")
                .append(".\n\n| # | step | status | time | reason |\n| --- | --- | --- | --- | --- |\n");
        for (int i = 0; i < steps.size(); i++) {
            StepResult s = steps.get(i);
            b.append("| ").append(i + 1).append(" | ").append(md(s.name())).append(" | ").append(box(s.status())).append(' ').append(s.status())
                    .append(" | ").append(seconds(s.durationMs())).append(" | ").append(md(s.reason() == null ? "" : s.reason())).append(" |\n");
        }
        return b.append("\n**").append(summary()).append("**\n").toString();
    }

    private static String box(Action.StepStatus s) {
        return switch (s) {
            case PASS -> "[x]";
            case WARN -> "[!]";
            case FAIL -> "[ ]";
            case SKIPPED -> "[-]";
        };
    }

    private static String md(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    private String junit() {
        long failures = steps.stream().filter(s -> s.status() == Action.StepStatus.FAIL).count();
        long skipped = steps.stream().filter(s -> s.status() == Action.StepStatus.SKIPPED).count();
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<testsuite name=\"playbook ").append(xml(playbook)).append("\" tests=\"").append(steps.size()).append("\" failures=\"")
                .append(failures).append("\" skipped=\"").append(skipped).append("\" time=\"").append(durationMs / 1000.0).append("\">\n");
        for (StepResult s : steps) {
            b.append("  <testcase classname=\"").append(xml(playbook)).append("\" name=\"").append(xml(s.id() + ": " + s.name()))
                    .append("\" time=\"").append(s.durationMs() / 1000.0).append("\"");
            String reason = xml(s.reason() == null ? "" : s.reason());
            switch (s.status()) {
                case FAIL -> b.append(">\n    <failure message=\"").append(reason).append("\"/>\n  </testcase>\n");
                case SKIPPED -> b.append(">\n    <skipped message=\"").append(reason).append("\"/>\n  </testcase>\n");
                case WARN -> b.append(">\n    <system-out>WARN: ").append(reason).append("</system-out>\n  </testcase>\n");
                default -> b.append("/>\n");
            }
        }
        return b.append("</testsuite>\n").toString();
    }

    private String html() {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Playbook ").append(xml(playbook))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em}td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:left}"
                        + ".PASS{color:#17702a}.WARN{color:#a66a00}.FAIL{color:#b00020;font-weight:bold}.SKIPPED{color:#777}"
                        + "details pre{max-height:30em;overflow:auto;background:#f6f6f6;padding:8px}</style></head><body>\n");
        b.append("<h1>Playbook ").append(xml(playbook)).append("</h1>\n");
        if (description != null) {
            b.append("<p>").append(xml(description.strip())).append("</p>\n");
        }
        b.append("<p>").append(xml(started)).append(" – ").append(xml(finished)).append(limit == null ? "" : ", nodes " + xml(limit)).append("</p>\n");
        b.append("<p class=\"").append(worst).append("\"><b>").append(xml(summary())).append("</b></p>\n<table><tr><th>#</th><th>step</th>"
                + "<th>status</th><th>time</th><th>reason</th></tr>\n");
        for (int i = 0; i < steps.size(); i++) {
            StepResult s = steps.get(i);
            b.append("<tr><td>").append(i + 1).append("</td><td>").append(xml(s.name())).append("</td><td class=\"").append(s.status()).append("\">")
                    .append(s.status()).append("</td><td>").append(seconds(s.durationMs())).append("</td><td>")
                    .append(xml(s.reason() == null ? "" : s.reason())).append("</td></tr>\n");
        }
        b.append("</table>\n");
        for (StepResult s : steps) {
            if (s.details() != null) {
                String d;
                try {
                    d = PRETTY.writeValueAsString(s.details());
                } catch (JsonProcessingException e) {
                    d = String.valueOf(s.details());
                }
                b.append("<details><summary>").append(xml(s.id())).append(": details</summary><pre>").append(xml(d)).append("</pre></details>\n");
            }
        }
        return b.append("</body></html>\n").toString();
    }

    private static String xml(String s) {
        return dev.vigil.core.text.Markup.xml(s);
    }
}
