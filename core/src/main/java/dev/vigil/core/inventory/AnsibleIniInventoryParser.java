package dev.vigil.core.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an Ansible INI inventory as it stands: hosts before any section (ungrouped),
 * {@code [group]}, {@code [group:vars]}, {@code [group:children]}, inline host vars, host ranges,
 * quoted values and {@code #}/{@code ;} comments. Pure: text in, model out.
 */
public final class AnsibleIniInventoryParser {
    private AnsibleIniInventoryParser() {
    }

    /** @throws InventoryFormatException with the line number of the first bad line */
    public static Inventory parse(String text, String source) {
        AnsibleInventoryModel model = parseModel(text, source);
        try {
            return model.toInventory(source);
        } catch (IllegalArgumentException e) {
            throw new InventoryFormatException(source, 0, 0, e.getMessage());
        }
    }

    static AnsibleInventoryModel parseModel(String text, String source) {
        AnsibleInventoryModel model = new AnsibleInventoryModel();
        String section = "ungrouped";
        String kind = "hosts";
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            try {
                if (line.startsWith("[")) {
                    int close = line.indexOf(']');
                    if (close < 0 || !line.substring(close + 1).strip().matches("([#;].*)?")) {
                        throw new IllegalArgumentException("malformed section header '" + line + "'");
                    }
                    String header = line.substring(1, close).strip();
                    int colon = header.indexOf(':');
                    section = colon < 0 ? header : header.substring(0, colon);
                    kind = colon < 0 ? "hosts" : header.substring(colon + 1);
                    if (!kind.equals("hosts") && !kind.equals("vars") && !kind.equals("children")) {
                        throw new IllegalArgumentException("unknown section type ':" + kind + "' (expected :vars or :children)");
                    }
                    if (section.isEmpty() || !section.matches("[A-Za-z0-9_.-]+")) {
                        throw new IllegalArgumentException("invalid group name '" + section + "'");
                    }
                    model.group(section);
                    continue;
                }
                List<String> tokens = tokenize(line);
                switch (kind) {
                    case "vars": {
                        String joined = String.join(" ", tokens);
                        int eq = line.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("expected key=value in [" + section + ":vars], got '" + joined + "'");
                        }
                        model.group(section).vars.put(line.substring(0, eq).strip(), unquote(stripComment(line.substring(eq + 1)).strip()));
                        break;
                    }
                    case "children":
                        if (tokens.size() != 1) {
                            throw new IllegalArgumentException("expected one group name per line in [" + section + ":children]");
                        }
                        model.group(section).children.add(tokens.get(0));
                        model.group(tokens.get(0));
                        break;
                    default: {
                        Map<String, String> vars = new LinkedHashMap<>();
                        for (String t : tokens.subList(1, tokens.size())) {
                            int eq = t.indexOf('=');
                            if (eq <= 0) {
                                throw new IllegalArgumentException("expected key=value after the host name, got '" + t + "'");
                            }
                            vars.put(t.substring(0, eq), unquote(t.substring(eq + 1)));
                        }
                        for (String host : HostRanges.expand(tokens.get(0))) {
                            model.addHost(host, vars);
                            model.group(section).hosts.add(host);
                        }
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new InventoryFormatException(source, lineNo, 1, e.getMessage());
            }
        }
        // "ungrouped" exists only if something is in it
        AnsibleInventoryModel.Group ungrouped = model.groups.get("ungrouped");
        if (ungrouped != null && ungrouped.hosts.isEmpty() && ungrouped.children.isEmpty() && ungrouped.vars.isEmpty()) {
            model.groups.remove("ungrouped");
        }
        return model;
    }

    private static String stripComment(String value) {
        int hash = value.indexOf(" #");
        return hash >= 0 ? value.substring(0, hash) : value;
    }

    /** Splits on white space outside quotes; a {@code #} or {@code ;} after white space starts a comment. */
    static List<String> tokenize(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean inToken = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                cur.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                cur.append(c);
                inToken = true;
            } else if (Character.isWhitespace(c)) {
                if (inToken) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inToken = false;
                }
            } else if ((c == '#' || c == ';') && !inToken) {
                break;
            } else {
                cur.append(c);
                inToken = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed quote in '" + line + "'");
        }
        if (inToken) {
            out.add(cur.toString());
        }
        return out;
    }

    static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
