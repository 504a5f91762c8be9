package dev.vigil.core.result;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.config.Yaml;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a listing shows (history, list, show, config), as a result: OK, its document as JSON, one finding
 * per row (node: the row's node or name; message: its fields) for the other formats, and its own text
 * for the table format.
 */
public record Listing(String summary, Object document, List<Map<String, Object>> rows, String text) implements RunResult {
    public static Listing of(String summary, List<Map<String, Object>> rows, String text) {
        return new Listing(summary, rows, rows, text);
    }

    /** Records as rows, through this mapper (Vigil's stored records are snake_case): the JSON is the document, each row a record's fields. */
    public static Listing ofRecords(ObjectMapper mapper, String summary, Object document, List<?> records, String text) {
        return new Listing(summary, mapper.valueToTree(document), records.stream()
                .map(x -> mapper.<Map<String, Object>>convertValue(x, new TypeReference<>() { })).toList(), text);
    }

    public static Listing ofRecords(String summary, List<?> records, String text) {
        return ofRecords(Yaml.jsonMapper(), summary, records, records, text);
    }

    @Override
    public Status status() {
        return Status.OK;
    }

    @JsonValue
    Object jsonValue() {
        return document;
    }

    @Override
    public String text(String title) {
        return text;
    }

    @Override
    public List<Finding> findings(String item) {
        return rows.stream().map(r -> new Finding(String.valueOf(r.getOrDefault("node", r.getOrDefault("name", "vigil"))), item, Status.OK,
                r.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")), List.of(), List.of(), 0)).toList();
    }
}
