package dev.vigil.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vigil.core.inventory.InventoryFormatException;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The strict YAML reading all of Vigil's files share: unknown keys, duplicate keys, wrong types
 * and values a constructor refuses are errors, reported as {@code file:line:column: message}.
 */
public final class Yaml {
    private static volatile ObjectMapper strict;
    private static volatile ObjectMapper tree;
    private static volatile ObjectMapper json;
    private static volatile ObjectMapper records;

    private Yaml() {
    }

    /** A mapper for binding to Vigil's config classes: snake_case keys, strict on everything. */
    public static ObjectMapper strictMapper() {
        if (strict == null) {
            strict = YAMLMapper.builder(YAMLFactory.builder().build())
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                    .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                    // "key:" with nothing after it reads as an empty string; for a section it means none
                    .enable(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT)
                    .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                    .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .build();
        }
        return strict;
    }

    /** A mapper for reading YAML as a tree (other tools' formats, such as Ansible inventories). */
    public static ObjectMapper mapper() {
        if (tree == null) {
            tree = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
        }
        return tree;
    }

    public static ObjectMapper jsonMapper() {
        if (json == null) {
            json = JsonMapper.builder().findAndAddModules().build();
        }
        return json;
    }

    /**
     * JSON for Vigil's own stored records (backup manifests and catalogs, schedule run records):
     * snake_case, null fields left out, unknown fields ignored so older Vigils read newer files.
     */
    public static ObjectMapper recordMapper() {
        if (records == null) {
            records = JsonMapper.builder().findAndAddModules()
                    .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .build();
        }
        return records;
    }

    /**
     * As {@link #formatError(String, JsonProcessingException)}, with the file's text to point at the
     * offending key or value itself: the YAML parser reports where it stopped, often a line later.
     */
    public static InventoryFormatException formatError(String source, String text, JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        if (loc == null || text == null) {
            return formatError(source, e);
        }
        String[] lines = text.split("\r?\n", -1);
        int line = Math.min(loc.getLineNr(), lines.length);
        int column = loc.getColumnNr();
        String message = describe(e);
        if (e instanceof UnrecognizedPropertyException) {
            String key = ((UnrecognizedPropertyException) e).getPropertyName();
            java.util.regex.Pattern keyPattern = java.util.regex.Pattern.compile(
                    "(^|[\\s{,-])(" + java.util.regex.Pattern.quote(key) + ")\\s*:");
            for (int i = line; i >= 1; i--) {
                java.util.regex.Matcher m = keyPattern.matcher(lines[i - 1]);
                if (m.find()) {
                    line = i;
                    column = m.start(2) + 1;
                    break;
                }
            }
        } else if (e instanceof ValueInstantiationException || e instanceof JsonMappingException && e.getCause() instanceof IllegalArgumentException) {
            // a value the record refused: Jackson points at the end of the enclosing map; point at the key the message names
            int[] at = keyNamed(lines, line, (JsonMappingException) e, message);
            if (at != null) {
                line = at[0];
                column = at[1];
            }
        } else if (e instanceof MismatchedInputException
                && line >= 1 && column >= 1 && column <= lines[line - 1].length()) {
            String rest = lines[line - 1].substring(column - 1);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^[^,}\\]#]*").matcher(rest);
            String token = m.find() ? m.group().strip() : "";
            if (!token.isEmpty() && !token.startsWith("{") && !token.startsWith("[")) {
                message = message.replaceFirst("^expected ([^(]*?)( \\(at |$)", "expected $1, got '"
                        + java.util.regex.Matcher.quoteReplacement(token) + "'$2");
            }
        }
        return new InventoryFormatException(source, line, column, message);
    }

    /**
     * The line and column of the first key, going up from where Jackson stopped to the enclosing map's
     * own key, that the message names ("keep must be at least 1" names keep; "crit (90) must not be below
     * warn" names crit), or null when none is found.
     */
    static int[] keyNamed(String[] lines, int from, JsonMappingException e, String message) {
        List<String> words = new java.util.ArrayList<>();
        java.util.regex.Matcher w = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_-]+").matcher(message.replaceFirst(" \\(at [^)]*\\)$", ""));
        while (w.find()) {
            words.add(w.group());
        }
        String enclosing = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
        for (int i = Math.min(from, lines.length); i >= 1; i--) {
            for (String word : words) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(^|[\\s{,-])(" + java.util.regex.Pattern.quote(word) + ")\\s*:")
                        .matcher(lines[i - 1]);
                if (m.find() && !word.equals(enclosing)) {
                    return new int[] {i, m.start(2) + 1};
                }
            }
            if (enclosing != null && lines[i - 1].matches("^\\s*-?\\s*" + java.util.regex.Pattern.quote(enclosing) + "\\s*:.*")) {
                return null;
            }
        }
        return null;
    }

    /** Turns a Jackson error into one line naming the file, line, column and what to fix. */
    public static InventoryFormatException formatError(String source, JsonProcessingException e) {
        JsonLocation loc = e.getLocation();

        int line = loc == null ? 0 : loc.getLineNr();
        int column = loc == null ? 0 : loc.getColumnNr();
        return new InventoryFormatException(source, line, column, describe(e));
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException) {
            UnrecognizedPropertyException u = (UnrecognizedPropertyException) e;
            return "unknown key '" + u.getPropertyName() + "'" + where(u) + expected(u.getKnownPropertyIds());
        }
        if (e instanceof ValueInstantiationException) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return cause.getMessage() + where((JsonMappingException) e);
        }
        if (e instanceof InvalidFormatException) {
            InvalidFormatException f = (InvalidFormatException) e;
            return "'" + f.getValue() + "' is not a valid " + typeName(f.getTargetType()) + where(f);
        }
        if (e instanceof MismatchedInputException) {
            MismatchedInputException m = (MismatchedInputException) e;
            return "expected " + typeName(m.getTargetType()) + where(m);
        }
        if (e instanceof JsonMappingException && e.getCause() instanceof IllegalArgumentException) {
            return e.getCause().getMessage() + where((JsonMappingException) e);
        }
        String msg = e.getOriginalMessage();
        int nl = msg.indexOf('\n');
        return "YAML syntax error: " + (nl >= 0 ? msg.substring(0, nl) : msg);
    }

    private static String where(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "" : " (at " + path + ")";
    }

    private static String expected(Collection<Object> known) {
        if (known == null || known.isEmpty()) {
            return "";
        }
        return "; expected one of: " + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text value";
        }
        if (java.util.List.class.isAssignableFrom(type)) {
            return "list";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord() || !type.getName().startsWith("java")) {
            return "map";
        }
        return type.getSimpleName();
    }
}
