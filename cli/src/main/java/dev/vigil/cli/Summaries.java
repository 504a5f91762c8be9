package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.TreeMap;

/** One line that says what a command's JSON report found, for a playbook step's reason. */
final class Summaries {
    private Summaries() {
    }

    static String of(String action, JsonNode json, int code) {
        if (json == null) {
            return code == 0 ? "ok" : "exit code " + code;
        }
        if (json.has("counts") && json.has("nodes")) {
            return healthcheck(json);
        }
        if (json.has("changes") && json.get("changes").isArray()) {
            Map<String, Integer> kinds = new TreeMap<>();
            json.get("changes").forEach(c -> kinds.merge(c.path("kind").asText().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum));
            StringBuilder b = new StringBuilder(json.get("changes").size() + " change(s)");
            kinds.forEach((k, v) -> b.append(", ").append(v).append(' ').append(k));
            return b + " since " + json.path("from").asText();
        }
        JsonNode rows = json.isArray() ? json : json.has("nodes") && json.get("nodes").isArray() ? json.get("nodes") : null;
        if (rows == null) {
            return code == 0 ? "ok" : "exit code " + code;
        }
        Map<String, Integer> counts = new TreeMap<>();
        int fresh = 0;
        for (JsonNode r : rows) {
            String s = r.has("outcome") ? r.get("outcome").asText() : r.has("status") ? r.get("status").asText() : "?";
            counts.merge(s, 1, Integer::sum);
            if (r.has("new") && r.get("new").isArray()) {
                fresh += r.get("new").size();
            }
        }
        StringBuilder b = new StringBuilder();
        b.append(rows.size()).append(action.startsWith("backup-verify") ? " generations: " : " nodes: ");
        counts.forEach((k, v) -> b.append(v).append(' ').append(k).append(", "));
        b.setLength(b.length() - 2);
        if (action.equals("kbox-collect")) {
            b.append("; ").append(fresh).append(" new record(s)");
        }
        return b.toString();
    }

    private static String healthcheck(JsonNode json) {
        StringBuilder b = new StringBuilder(json.get("nodes").size() + " nodes:");
        json.get("counts").fields().forEachRemaining(e -> {
            if (e.getValue().asInt() > 0) {
                b.append(' ').append(e.getValue().asInt()).append(' ').append(e.getKey());
            }
        });
        String worst = null;
        int rank = 0;
        Map<String, Integer> order = Map.of("WARN", 1, "UNKNOWN", 2, "CRIT", 3);
        for (JsonNode n : json.get("nodes")) {
            for (JsonNode c : n.path("checks")) {
                int r = order.getOrDefault(c.path("status").asText(), 0);
                if (r > rank) {
                    rank = r;
                    worst = n.path("name").asText() + " " + c.path("check").asText() + ": " + c.path("message").asText();
                }
            }
        }
        return worst == null ? b.toString() : b + "; worst: " + worst;
    }
}
