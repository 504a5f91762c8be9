package dev.vigil.core.result.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vigil.core.config.Yaml;
import dev.vigil.core.result.Finding;
import dev.vigil.core.result.Report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documented JSON schema (see README, "Health check JSON"): run id, title, start, end,
 * status, counts, and per node its status and its checks (check, status, message, duration_ms,
 * metrics [name, value, unit, warn, crit, min, max], details).
 */
public final class JsonRenderer implements Renderer {
    public static final int SCHEMA_VERSION = 1;

    @Override
    public String render(Report report) {
        try {
            return Yaml.jsonMapper().copy().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(document(report)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Object> document(Report report) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA_VERSION);
        doc.put("run_id", report.id());
        doc.put("title", report.title());
        doc.put("start", report.start().toString());
        doc.put("end", report.end().toString());
        doc.put("status", report.worst().name());
        doc.put("counts", report.counts());
        List<Map<String, Object>> nodes = new ArrayList<>();
        report.byNode().forEach((node, findings) -> {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("name", node);
            n.put("status", report.statusOf(node).name());
            List<Map<String, Object>> checks = new ArrayList<>();
            for (Finding f : findings) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("check", f.item());
                c.put("status", f.status().name());
                c.put("message", f.message());
                c.put("duration_ms", f.durationMs());
                c.put("metrics", f.metrics());
                c.put("details", f.details());
                checks.add(c);
            }
            n.put("checks", checks);
            nodes.add(n);
        });
        doc.put("nodes", nodes);
        return doc;
    }
}
