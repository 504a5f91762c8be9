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
 * ({@code ~node-\d+}), or a label ({@code rack=r1}, {@code rack=r*}, {@code rack=*}: the nodes whose
 * inventory label or var has that value); {@code all} or {@code *} for everything; {@code !term} excludes,
 * {@code &term} intersects. A term that matches nothing is a usage error naming the closest
 * node or group: a mistyped exclusion must not widen the run.
 */
public final class HostPattern {
    /** A label term: LABEL=VALUE (VALUE may be a glob). */
    private static final Pattern LABEL_TERM = Pattern.compile("([A-Za-z0-9_.-]+)=(.+)");

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
        java.util.regex.Matcher label = LABEL_TERM.matcher(term);
        if (label.matches()) {
            // LABEL=VALUE: the nodes whose inventory label (var) has that value; the value may be a glob (rack=r*, rack=*)
            String key = label.group(1);
            String value = label.group(2);
            java.util.function.Predicate<String> p = compile(value, asWritten);
            for (Node n : inv.nodes()) {
                String v = n.vars().get(key);
                if (v != null && (p == null ? v.equals(value) : p.test(v))) {
                    out.add(n.name());
                }
            }
            if (out.isEmpty()) {
                throw new UsageException("no node has the label " + term + " ('" + asWritten + "'; see: vigil inventory list)");
            }
            return out;
        }
        java.util.function.Predicate<String> p = compile(term, asWritten);
        if (p != null) {
            inv.groups().forEach((g, members) -> {
                if (p.test(g)) {
                    out.addAll(members);
                }
            });
            for (Node n : inv.nodes()) {
                if (p.test(n.name()) || p.test(n.address())) {
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

    /** A matcher for "~regex" or a glob with * ? [..]; null for a plain name. */
    private static java.util.function.Predicate<String> compile(String term, String asWritten) {
        try {
            if (term.startsWith("~")) {
                Pattern re = Pattern.compile(term.substring(1));
                return v -> re.matcher(v).matches();
            }
            if (!term.matches(".*[*?\\[].*")) {
                return null;
            }
            Glob g = Glob.of(term, asWritten);
            return g::matches;
        } catch (PatternSyntaxException e) {
            throw new UsageException("--limit term '" + asWritten + "' is not a valid pattern: " + e.getDescription());
        }
    }

    /**
     * A shell glob (* ? [abc] [a-z] [!x]) matched without regular expressions: the classic
     * two-pointer walk that backtracks only to the last '*', so a pattern such as a*a*a*a*b costs
     * O(pattern x name), never the exponential time a backtracking regex can take.
     */
    record Glob(List<Object> tokens) {
        /** A token: '*' (Character), '?' (Character), a literal (String of one char), or a class (boolean[] negated + ranges). */
        record CharClass(boolean negated, String ranges) {
            boolean matches(char c) {
                boolean in = false;
                for (int i = 0; i < ranges.length(); i++) {
                    char lo = ranges.charAt(i);
                    if (i + 2 < ranges.length() && ranges.charAt(i + 1) == '-') {
                        if (c >= lo && c <= ranges.charAt(i + 2)) {
                            in = true;
                        }
                        i += 2;
                    } else if (c == lo) {
                        in = true;
                    }
                }
                return in != negated;
            }
        }

        static Glob of(String term, String asWritten) {
            List<Object> t = new ArrayList<>();
            for (int i = 0; i < term.length(); i++) {
                char c = term.charAt(i);
                if (c == '*') {
                    if (t.isEmpty() || !"*".equals(t.get(t.size() - 1))) {
                        t.add("*");
                    }
                } else if (c == '?') {
                    t.add("?");
                } else if (c == '[') {
                    int close = term.indexOf(']', i + 1);
                    if (close < 0) {
                        throw new UsageException("unclosed '[' in --limit term '" + asWritten + "'");
                    }
                    String body = term.substring(i + 1, close);
                    boolean neg = body.startsWith("!") || body.startsWith("^");
                    t.add(new CharClass(neg, neg ? body.substring(1) : body));
                    i = close;
                } else {
                    t.add(c);
                }
            }
            return new Glob(t);
        }

        private boolean one(Object token, char c) {
            if ("?".equals(token)) {
                return true;
            }
            if (token instanceof CharClass cc) {
                return cc.matches(c);
            }
            return token instanceof Character ch && ch == c;
        }

        boolean matches(String s) {
            int ti = 0;
            int si = 0;
            int star = -1;
            int mark = 0;
            while (si < s.length()) {
                if (ti < tokens.size() && !"*".equals(tokens.get(ti)) && one(tokens.get(ti), s.charAt(si))) {
                    ti++;
                    si++;
                } else if (ti < tokens.size() && "*".equals(tokens.get(ti))) {
                    star = ti++;
                    mark = si;
                } else if (star >= 0) {
                    ti = star + 1;
                    si = ++mark;
                } else {
                    return false;
                }
            }
            while (ti < tokens.size() && "*".equals(tokens.get(ti))) {
                ti++;
            }
            return ti == tokens.size();
        }
    }
}
