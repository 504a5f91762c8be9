package dev.vigil.playbooks;

import dev.vigil.core.action.Action;
import dev.vigil.core.config.Durations;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A playbook: name, description, target selection and ordered steps. Read from YAML and validated
 * against the available actions before anything runs; every problem is reported with the file,
 * line and column of the offending key or value.
 *
 * <pre>
 * name: pre-upgrade
 * description: Before an upgrade
 * targets: all                      # a --limit pattern; -l on the command line wins
 * vars: [reason]                    # must be given with --var reason=... (or --reason)
 * steps:
 *   - id: health                    # optional; the default is the action's name (then -2, -3...)
 *     name: Full health check, strict
 *     uses: healthcheck
 *     with: {fail_on: warn}
 *     on-failure: stop              # stop (default) or continue
 *     when: connectivity == PASS    # conditions on earlier steps, joined by "and"
 * </pre>
 */
public record Playbook(String source, String name, String description, String targets, List<String> vars, List<Step> steps) {

    public record Step(String id, String name, String uses, Map<String, Object> with, boolean continueOnFailure, List<Condition> when,
                       String location) {
    }

    /** {@code step == STATUS} or {@code step != STATUS}. */
    public record Condition(String step, boolean equals, Action.StepStatus status) {
        public boolean holds(Map<String, Action.StepStatus> results) {
            Action.StepStatus s = results.get(step);
            return (s == status) == equals;
        }

        @Override
        public String toString() {
            return step + (equals ? " == " : " != ") + status;
        }
    }

    /** All the problems of a playbook file, each "file:line:column: message". */
    public static final class InvalidPlaybookException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        InvalidPlaybookException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private static final Pattern CONDITION = Pattern.compile("\\s*([A-Za-z0-9_-]+)\\s*(==|!=)\\s*([A-Za-z]+)\\s*");
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Set<String> TOP = Set.of("name", "description", "targets", "vars", "steps");
    private static final Set<String> STEP = Set.of("id", "name", "uses", "with", "on-failure", "when");

    /**
     * Parses and validates. {@code vars} are substituted into string parameters ({@code ${name}});
     * a variable the playbook uses but the run does not give is a problem too.
     */
    public static Playbook parse(String source, String text, Map<String, Action> actions, Map<String, String> vars) {
        List<String> problems = new ArrayList<>();
        Node root;
        int bad = firstControl(text);
        if (bad >= 0) {
            int line = 1;
            int col = 1;
            for (int i = 0; i < bad; i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    col = 1;
                } else {
                    col++;
                }
            }
            throw new InvalidPlaybookException(List.of(source + ":" + line + ":" + col + ": a control character (U+"
                    + String.format("%04X", (int) text.charAt(bad)) + ") is not allowed in a playbook"));
        }
        try {
            LoaderOptions opts = new LoaderOptions();
            opts.setAllowDuplicateKeys(false);
            root = new Yaml(opts).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new InvalidPlaybookException(List.of(at(source, m) + "not valid YAML: " + e.getProblem()));
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            // what the reader itself refuses (a bad character, nesting too deep): still one line, never a crash
            throw new InvalidPlaybookException(List.of(source + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse("")));
        }
        if (!(root instanceof MappingNode map)) {
            throw new InvalidPlaybookException(List.of(source + ":1:1: a playbook is a mapping with name, steps, ..."));
        }
        Map<String, NodeTuple> top = keys(source, map, TOP, "playbook", problems);
        String name = scalar(source, top.get("name"), "name", true, problems);
        String description = scalar(source, top.get("description"), "description", false, problems);
        String targets = scalar(source, top.get("targets"), "targets", false, problems);
        List<String> declared = new ArrayList<>();
        if (top.containsKey("vars")) {
            Node v = top.get("vars").getValueNode();
            if (v instanceof SequenceNode seq) {
                for (Node item : seq.getValue()) {
                    if (item instanceof ScalarNode s) {
                        declared.add(s.getValue());
                    } else {
                        problems.add(at(source, item) + "vars: a list of names");
                    }
                }
            } else {
                problems.add(at(source, v) + "vars: a list of names");
            }
        }
        boolean validating = vars instanceof Unresolved;
        for (String d : declared) {
            if (!validating && !vars.containsKey(d)) {
                problems.add(at(source, top.get("vars").getValueNode()) + "this playbook needs --var " + d + "=..."
                        + (d.equals("reason") ? " (or --reason TEXT)" : ""));
            }
        }
        if (!validating) {
            for (String given : vars.keySet()) {
                if (!declared.contains(given)) {
                    problems.add(source + ":1:1: --var " + given + (given.equals("reason") ? " (--reason)" : "") + ": this playbook does not declare it"
                            + " (vars: " + declared + ")");
                }
            }
        }
        Vars vs = new Vars(validating ? Map.of() : vars, Set.copyOf(declared), validating);
        List<Step> steps = new ArrayList<>();
        NodeTuple stepsTuple = top.get("steps");
        if (stepsTuple == null) {
            problems.add(source + ":1:1: a playbook needs steps");
        } else if (!(stepsTuple.getValueNode() instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            problems.add(at(source, stepsTuple.getValueNode()) + "steps: a list of at least one step");
        } else {
            Set<String> ids = new java.util.LinkedHashSet<>();
            for (Node item : seq.getValue()) {
                Step s = step(source, item, actions, vs, ids, problems);
                if (s != null) {
                    steps.add(s);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidPlaybookException(problems);
        }
        return new Playbook(source, name, description, targets, declared, steps);
    }

    /**
     * The run's values: {@code given} by --var, the names the playbook {@code declared}; while
     * validating (no run), ${name} stays as it is and typed checks wait for the run.
     */
    private record Vars(Map<String, String> given, Set<String> declared, boolean validating) {
    }

    /** A marker map: validate or show a playbook without the run's values. */
    public static final class Unresolved extends java.util.HashMap<String, String> {
        private static final long serialVersionUID = 1L;
    }

    private static int firstControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7F) {
                return i;
            }
        }
        return -1;
    }

    private static Step step(String source, Node node, Map<String, Action> actions, Vars vars, Set<String> earlier,
                             List<String> problems) {
        if (!(node instanceof MappingNode map)) {
            problems.add(at(source, node) + "a step is a mapping with uses: and, optionally, id, name, with, on-failure, when");
            return null;
        }
        int before = problems.size();
        Map<String, NodeTuple> k = keys(source, map, STEP, "step", problems);
        String uses = scalar(source, k.get("uses"), "uses", false, problems);
        if (uses == null) {
            problems.add(at(source, node) + "a step needs uses: (one of " + String.join(", ", actions.keySet()) + ")");
            return null;
        }
        Action action = actions.get(uses);
        if (action == null) {
            problems.add(at(source, k.get("uses").getValueNode()) + "unknown action '" + uses + "' (known: "
                    + String.join(", ", actions.keySet()) + ")");
            return null;
        }
        String id = scalar(source, k.get("id"), "id", false, problems);
        if (id == null) {
            id = uses;
            for (int n = 2; earlier.contains(id); n++) {
                id = uses + "-" + n;
            }
        } else if (!id.matches("[A-Za-z0-9_-]+")) {
            problems.add(at(source, k.get("id").getValueNode()) + "id: letters, digits, - and _ only");
        } else if (earlier.contains(id)) {
            problems.add(at(source, k.get("id").getValueNode()) + "id '" + id + "' is used by an earlier step");
        }
        String title = scalar(source, k.get("name"), "name", false, problems);
        boolean cont = false;
        String onFailure = scalar(source, k.get("on-failure"), "on-failure", false, problems);
        if (onFailure != null) {
            if (onFailure.equals("continue")) {
                cont = true;
            } else if (!onFailure.equals("stop")) {
                problems.add(at(source, k.get("on-failure").getValueNode()) + "on-failure: stop or continue, not '" + onFailure + "'");
            }
        }
        List<Condition> when = new ArrayList<>();
        String w = scalar(source, k.get("when"), "when", false, problems);
        if (w != null) {
            for (String part : w.split("\\band\\b")) {
                Matcher m = CONDITION.matcher(part);
                Node wn = k.get("when").getValueNode();
                if (!m.matches()) {
                    problems.add(at(source, wn) + "when: conditions like 'health == PASS' or 'backup != FAIL', joined by 'and'");
                    continue;
                }
                if (!earlier.contains(m.group(1))) {
                    problems.add(at(source, wn) + "when: '" + m.group(1) + "' is not an earlier step (earlier: "
                            + (earlier.isEmpty() ? "none" : String.join(", ", earlier)) + ")");
                    continue;
                }
                Action.StepStatus st;
                try {
                    st = Action.StepStatus.valueOf(m.group(3).toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problems.add(at(source, wn) + "when: '" + m.group(3) + "' is not a status (PASS, WARN, FAIL, SKIPPED)");
                    continue;
                }
                when.add(new Condition(m.group(1), m.group(2).equals("=="), st));
            }
        }
        Map<String, Object> with = params(source, k.get("with"), action, vars, problems);
        earlier.add(id); // later steps may name it even when it has problems of its own
        if (problems.size() > before) {
            return null;
        }
        if (title == null) {
            title = with.containsKey("command") ? action.description() + ": " + with.get("command")
                    : k.containsKey("id") ? id + " (" + action.description() + ")" : action.description();
        }
        return new Step(id, title, uses, with, cont, when, at(source, node).replaceAll(": $", ""));
    }

    private static Map<String, Object> params(String source, NodeTuple tuple, Action action, Vars vars, List<String> problems) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, NodeTuple> given = new LinkedHashMap<>();
        if (tuple != null) {
            if (!(tuple.getValueNode() instanceof MappingNode m)) {
                problems.add(at(source, tuple.getValueNode()) + "with: a mapping of parameters");
                return out;
            }
            given = keys(source, m, action.params().keySet(), "parameter of " + action.name(), problems);
        }
        for (Map.Entry<String, Action.Param> p : action.params().entrySet()) {
            NodeTuple t = given.get(p.getKey());
            if (t == null) {
                if (p.getValue().required()) {
                    problems.add(at(source, tuple != null ? tuple.getKeyNode() : null) + action.name() + " needs the parameter '" + p.getKey() + "'");
                }
                continue;
            }
            Object v = value(source, t.getValueNode(), p.getKey(), p.getValue().kind(), vars, problems);
            if (v != null) {
                out.put(p.getKey(), v);
            }
        }
        return out;
    }

    private static Object value(String source, Node n, String key, Action.Kind kind, Vars vars, List<String> problems) {
        String bad = at(source, n) + key + ": must be " + kind.label();
        if (kind == Action.Kind.STRINGS) {
            if (!(n instanceof SequenceNode seq)) {
                problems.add(bad);
                return null;
            }
            List<String> list = new ArrayList<>();
            for (Node item : seq.getValue()) {
                if (!(item instanceof ScalarNode s)) {
                    problems.add(bad);
                    return null;
                }
                list.add(substitute(source, item, s.getValue(), vars, false, problems));
            }
            return list;
        }
        if (!(n instanceof ScalarNode s)) {
            problems.add(bad);
            return null;
        }
        String text = substitute(source, n, s.getValue(), vars, kind == Action.Kind.COMMAND, problems);
        if (vars.validating() && VAR.matcher(text).find()) {
            return text; // its type is checked when the run gives the value
        }
        switch (kind) {
            case INT:
                if (!text.matches("-?\\d{1,9}")) {
                    problems.add(bad + ", not '" + text + "'");
                    return null;
                }
                return Integer.parseInt(text);
            case BOOL:
                if (!text.equals("true") && !text.equals("false")) {
                    problems.add(bad + ", not '" + text + "'");
                    return null;
                }
                return Boolean.parseBoolean(text);
            case DURATION:
                try {
                    Durations.parse(text);
                } catch (IllegalArgumentException e) {
                    problems.add(bad + ", not '" + text + "'");
                    return null;
                }
                return text;
            default:
                return text;
        }
    }

    /**
     * Puts the run's values into a parameter. Into a shell command (Kind.COMMAND) a value never goes
     * as text: ${name} becomes "${VIGIL_VAR_name}", a shell variable assigned the single-quoted value
     * in front of the command, so whatever the value holds (; $( ) ` " ') it stays one word of data,
     * also inside the author's double quotes.
     */
    private static String substitute(String source, Node n, String text, Vars vars, boolean shell, List<String> problems) {
        Matcher m = VAR.matcher(text);
        StringBuilder b = new StringBuilder();
        Map<String, String> assigned = new LinkedHashMap<>();
        while (m.find()) {
            String name = m.group(1);
            if (!vars.declared().contains(name)) {
                problems.add(at(source, n) + "${" + name + "} is not declared: add it to the playbook's vars: " + vars.declared());
                m.appendReplacement(b, "");
                continue;
            }
            if (vars.validating()) {
                m.appendReplacement(b, Matcher.quoteReplacement(m.group()));
                continue;
            }
            String v = vars.given().get(name);
            if (v == null) {
                problems.add(at(source, n) + "${" + name + "} is not given: run with --var " + name + "=...");
                v = "";
            }
            if (shell) {
                assigned.put(name, v);
                m.appendReplacement(b, Matcher.quoteReplacement("\"${VIGIL_VAR_" + name + "}\""));
            } else {
                m.appendReplacement(b, Matcher.quoteReplacement(v));
            }
        }
        m.appendTail(b);
        if (assigned.isEmpty()) {
            return b.toString();
        }
        StringBuilder cmd = new StringBuilder();
        assigned.forEach((name, v) -> {
            try {
                cmd.append("VIGIL_VAR_").append(name).append('=').append(dev.vigil.core.transport.ShellQuote.quote(v)).append("; ");
            } catch (IllegalArgumentException e) {
                problems.add(at(source, n) + "--var " + name + ": " + e.getMessage());
            }
        });
        return cmd.append(b).toString();
    }

    private static Map<String, NodeTuple> keys(String source, MappingNode map, Set<String> allowed, String what, List<String> problems) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                problems.add(at(source, t.getKeyNode()) + "keys must be plain names");
                continue;
            }
            if (!allowed.contains(k.getValue())) {
                problems.add(at(source, k) + "unknown " + what + " '" + k.getValue() + "' (expected one of: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
                continue;
            }
            out.put(k.getValue(), t);
        }
        return out;
    }

    private static String scalar(String source, NodeTuple t, String key, boolean required, List<String> problems) {
        if (t == null) {
            if (required) {
                problems.add(source + ":1:1: the playbook needs '" + key + "'");
            }
            return null;
        }
        if (!(t.getValueNode() instanceof ScalarNode s)) {
            problems.add(at(source, t.getValueNode()) + key + ": must be a single value");
            return null;
        }
        return s.getValue();
    }

    static String at(String source, Node n) {
        return n == null ? source + ": " : at(source, n.getStartMark());
    }

    private static String at(String source, Mark m) {
        return m == null ? source + ": " : source + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1) + ": ";
    }
}
