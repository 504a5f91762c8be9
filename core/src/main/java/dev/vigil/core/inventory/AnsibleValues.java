package dev.vigil.core.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.config.Yaml;

import java.util.regex.Pattern;

/**
 * An INI inventory value as Ansible reads it: through Python's {@code ast.literal_eval}, so
 * {@code 2200} is a number, {@code 'a b'} a string without its quotes, {@code True} a boolean and
 * {@code ['a', 'b']} a list; anything that is not a Python literal stays the text it is. Vigil keeps
 * every value as text: numbers as written, booleans as {@code true}/{@code false}, lists and maps as
 * JSON. A trailing {@code # comment} after a literal is dropped, as Python's parser drops it. Pure.
 */
final class AnsibleValues {
    private static final Pattern NUMBER = Pattern.compile("[-+]?(?:\\d+|\\d+\\.\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?");
    private static final Pattern COMMENT = Pattern.compile("\\s*#.*$");

    private AnsibleValues() {
    }

    static String literal(String raw) {
        String v = raw.strip();
        String bare = stripComment(v);
        if (NUMBER.matcher(bare).matches()) {
            return bare.startsWith("+") ? bare.substring(1) : bare;
        }
        if (bare.equals("True") || bare.equals("False")) {
            return bare.equals("True") ? "true" : "false";
        }
        String quoted = quotedString(bare);
        if (quoted != null) {
            return quoted;
        }
        if ((bare.startsWith("[") && bare.endsWith("]")) || (bare.startsWith("{") && bare.endsWith("}"))) {
            String json = pythonToJson(bare);
            if (json != null) {
                return json;
            }
        }
        return v;
    }

    /** The value without a trailing comment, when what precedes the comment is a complete literal. */
    private static String stripComment(String v) {
        if (v.startsWith("'") || v.startsWith("\"")) {
            char q = v.charAt(0);
            int end = v.indexOf(q, 1);
            if (end > 0 && COMMENT.matcher(v.substring(end + 1)).matches()) {
                return v.substring(0, end + 1);
            }
            return v;
        }
        int hash = v.indexOf('#');
        if (hash > 0) {
            String before = v.substring(0, hash).strip();
            if (NUMBER.matcher(before).matches() || before.equals("True") || before.equals("False")) {
                return before;
            }
        }
        return v;
    }

    private static String quotedString(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '\'' || v.charAt(0) == '"') && v.charAt(v.length() - 1) == v.charAt(0)
                && v.indexOf(v.charAt(0), 1) == v.length() - 1) {
            return v.substring(1, v.length() - 1);
        }
        return null;
    }

    /** A Python list or dict literal of strings, numbers and booleans as JSON, or null when it is not one. */
    private static String pythonToJson(String v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\'' || c == '"') {
                int end = v.indexOf(c, i + 1);
                if (end < 0) {
                    return null;
                }
                sb.append(Yaml.jsonMapper().valueToTree(v.substring(i + 1, end)).toString());
                i = end;
            } else if (v.startsWith("True", i)) {
                sb.append("true");
                i += 3;
            } else if (v.startsWith("False", i)) {
                sb.append("false");
                i += 4;
            } else if (v.startsWith("None", i)) {
                sb.append("null");
                i += 3;
            } else {
                sb.append(c);
            }
        }
        try {
            JsonNode tree = Yaml.jsonMapper().readTree(sb.toString());
            return tree != null && tree.isContainerNode() ? tree.toString() : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }
}
