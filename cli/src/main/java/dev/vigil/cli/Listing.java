package dev.vigil.cli;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.vigil.core.result.Finding;
import dev.vigil.core.result.RunResult;
import dev.vigil.core.result.Status;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a listing command shows (history, list, show, config), as a result: OK, its rows as JSON, and
 * one finding per row (node: the row's node or name; message: its fields) for the other formats.
 */
record Listing(String summary, Object document, List<Map<String, Object>> rows) implements RunResult {
    static Listing of(String summary, List<Map<String, Object>> rows) {
        return new Listing(summary, rows, rows);
    }

    /** Records as rows: the JSON is the records', each row their fields. */
    static Listing ofRecords(String summary, List<?> records) {
        return new Listing(summary, records, records.stream()
                .map(x -> dev.vigil.core.config.Yaml.jsonMapper().<Map<String, Object>>convertValue(x, new com.fasterxml.jackson.core.type.TypeReference<>() { }))
                .toList());
    }

    @Override
    public Status status() {
        return Status.OK;
    }

    @JsonValue
    Object json() {
        return document;
    }

    @Override
    public List<Finding> findings(String item) {
        return rows.stream().map(r -> new Finding(String.valueOf(r.getOrDefault("node", r.getOrDefault("name", "vigil"))), item, Status.OK,
                r.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")), List.of(), List.of(), 0)).toList();
    }
}
