package dev.vigil.core.inventory;

import dev.vigil.core.error.UsageException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Node selection as Ansible's {@code --limit} does it: terms separated by commas (or colons),
 * each a node name, a group name, a glob ({@code node-*}, {@code web-[1-3]}) or a regex
 * ({@code ~node-\d+}); {@code all} or {@code *} for everything; {@code !term} excludes,
 * {@code &term} intersects. A term that matches nothing is a usage error naming the closest
 * node or group: a mistyped exclusion must not widen the run.
 */
public final class HostPattern {
    private HostPattern() {
    }

    public static List<Node> select(Inventory inventory, String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return inventory.nodes();
        }
        Set<String> included = new LinkedHashSet<>();
        List<Set<String>> intersections = new ArrayList<>();
        Set<String> excluded = new LinkedHashSet<>();
        boolean anyPositive = false;
        for (String raw : splitTerms(pattern)) {
            String term = raw.trim();
            if (term.isEmpty()) {
                continue;
            }
            if (term.startsWith("!")) {
                excluded.addAll(match(inventory, term.substring(1), term));
            } else if (term.startsWith("&")) {
                intersections.add(match(inventory, term.substring(1), term));
            } else {
                anyPositive = true;
                included.addAll(match(inventory, term, term));
            }
        }
        if (!anyPositive) {
            inventory.nodes().forEach(n -> included.add(n.name()));
        }
        for (Set<String> s : intersections) {
            included.retainAll(s);
        }
        included.removeAll(excluded);
        List<Node> out = new ArrayList<>();
        for (Node n : inventory.nodes()) {
            if (included.contains(n.name())) {
                out.add(n);
            }
        }
        if (out.isEmpty()) {
            throw new UsageException("--limit '" + pattern + "' leaves no node selected");
        }
        return out;
    }

    /** Commas always separate; colons separate too unless the pattern looks like IPv6 or a regex. */
    static List<String> splitTerms(String pattern) {
        List<String> terms = new ArrayList<>();
        for (String part : pattern.split(",")) {
            boolean colonSeparated = part.indexOf(':') >= 0 && !part.startsWith("~") && !part.matches(".*:.*:.*")
                    && !part.matches("[0-9a-fA-F:.\\[\\]]+");
            if (colonSeparated) {
                for (String p : part.split(":")) {
                    terms.add(p);
                }
            } else {
                terms.add(part);
            }
        }
        return terms;
    }

    private static Set<String> match(Inventory inv, String term, String asWritten) {
        Set<String> out = new LinkedHashSet<>();
        if (term.equals("all") || term.equals("*")) {
            inv.nodes().forEach(n -> out.add(n.name()));
            return out;
        }
        if (inv.groups().containsKey(term)) {
            out.addAll(inv.groups().get(term));
            return out;
        }
        if (inv.node(term) != null) {
            out.add(term);
            return out;
        }
        Pattern p = compile(term, asWritten);
        if (p != null) {
            inv.groups().forEach((g, members) -> {
                if (p.matcher(g).matches()) {
                    out.addAll(members);
                }
            });
            for (Node n : inv.nodes()) {
                if (p.matcher(n.name()).matches() || p.matcher(n.address()).matches()) {
                    out.add(n.name());
                }
            }
        } else {
            for (Node n : inv.nodes()) {
                if (n.address().equals(term)) {
                    out.add(n.name());
                }
            }
        }
        if (out.isEmpty()) {
            String closest = Suggest.closest(term, candidates(inv));
            throw new UsageException("no node or group matches '" + asWritten + "'"
                    + (closest != null ? "; did you mean '" + closest + "'?" : "")
                    + " (see: vigil inventory list)");
        }
        return out;
    }

    private static List<String> candidates(Inventory inv) {
        List<String> c = new ArrayList<>(inv.groups().keySet());
        inv.nodes().forEach(n -> c.add(n.name()));
        return c;
    }

    /** A regex for "~regex" or a glob with * ? [..]; null for a plain name. */
    private static Pattern compile(String term, String asWritten) {
        try {
            if (term.startsWith("~")) {
                return Pattern.compile(term.substring(1));
            }
            if (!term.matches(".*[*?\\[].*")) {
                return null;
            }
            StringBuilder re = new StringBuilder();
            for (int i = 0; i < term.length(); i++) {
                char c = term.charAt(i);
                switch (c) {
                    case '*': re.append(".*"); break;
                    case '?': re.append('.'); break;
                    case '[': {
                        int close = term.indexOf(']', i);
                        if (close < 0) {
                            throw new UsageException("unclosed '[' in --limit term '" + asWritten + "'");
                        }
                        String body = term.substring(i + 1, close);
                        re.append('[').append(body.startsWith("!") ? "^" + body.substring(1) : body).append(']');
                        i = close;
                        break;
                    }
                    default: re.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return Pattern.compile(re.toString());
        } catch (PatternSyntaxException e) {
            throw new UsageException("--limit term '" + asWritten + "' is not a valid pattern: " + e.getDescription());
        }
    }
}
