package dev.vigil.playbooks;

import dev.vigil.core.action.Action;
import dev.vigil.core.result.Listing;
import dev.vigil.core.session.Session;
import dev.vigil.core.text.TextBlock;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The use cases behind {@code vigil playbook list|show|validate} and {@code run --dry-run}: playbooks read and checked, nothing run. */
public final class PlaybookListing {
    private PlaybookListing() {
    }

    /** The shipped playbooks, each with the first line of its description. */
    public static Listing shipped(Session session) {
        Map<String, Action> actions = PlaybookRun.actions(session);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String name : Playbooks.SHIPPED) {
            Playbook p = Playbook.parse(name, Playbooks.find(name).text(), actions, new Playbook.Unresolved());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", name);
            row.put("description", p.description() == null ? "" : p.description().strip().lines().findFirst().orElse(""));
            rows.add(row);
        }
        return Listing.of(rows.size() + " shipped playbooks", rows, TextBlock.of(out ->
                rows.forEach(r -> out.printf("%-26s %s%n", r.get("name"), r.get("description")))));
    }

    /** A playbook's steps: action, parameters, conditions (its ${vars} need not have values yet). */
    public static Listing show(Session session, String nameOrFile) {
        Playbook p = Playbooks.load(nameOrFile, PlaybookRun.actions(session), new Playbook.Unresolved());
        return new Listing(p.steps().size() + " steps", document(p), steps(p), TextBlock.of(out -> describe(out, p)));
    }

    /**
     * A playbook checked without running it: actions, parameters, types and conditions, with the run's values
     * when given (else ${var} must only be declared); a problem is a usage error at file:line:column.
     */
    public static Listing validate(Session session, String file, Map<String, String> vars) {
        Playbook p = Playbooks.load(file, PlaybookRun.actions(session), vars.isEmpty() ? new Playbook.Unresolved() : vars);
        String line = p.source() + ": valid, " + p.steps().size() + (p.steps().size() == 1 ? " step" : " steps");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("source", p.source());
        doc.put("valid", true);
        doc.put("steps", p.steps().size());
        return new Listing(line, doc, List.of(doc), line + "\n");
    }

    /** What a run would do: the playbook's steps and the nodes it would run on; nothing is run. */
    public static Listing dryRun(Session session, Playbook p) {
        String limit = PlaybookRun.limitFor(session, p);
        String line = "dry run: nothing was run" + (limit == null ? "" : "; nodes: " + limit);
        Map<String, Object> doc = document(p);
        doc.put("limit", limit);
        doc.put("dry_run", true);
        return new Listing(line, doc, steps(p), TextBlock.of(out -> {
            describe(out, p);
            out.println(line);
        }));
    }

    /** A playbook as JSON: name, source, description, targets, vars and its steps. */
    static Map<String, Object> document(Playbook p) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", p.name());
        doc.put("source", p.source());
        doc.put("description", p.description());
        doc.put("targets", p.targets() == null ? "all" : p.targets());
        doc.put("vars", p.vars());
        doc.put("steps", steps(p));
        return doc;
    }

    private static List<Map<String, Object>> steps(Playbook p) {
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Playbook.Step s : p.steps()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("name", s.name());
            m.put("uses", s.uses());
            m.put("with", s.with());
            m.put("when", s.when().stream().map(Object::toString).toList());
            m.put("continue_on_failure", s.continueOnFailure());
            steps.add(m);
        }
        return steps;
    }

    private static void describe(PrintWriter out, Playbook p) {
        out.println(p.name() + " (" + p.source() + ")");
        if (p.description() != null) {
            out.println("  " + p.description().strip().replace("\n", "\n  "));
        }
        out.println("  targets: " + (p.targets() == null ? "all" : p.targets()) + (p.vars().isEmpty() ? "" : "; needs --var " + String.join(", ", p.vars())));
        int i = 1;
        for (Playbook.Step s : p.steps()) {
            out.printf("  %d. %s [%s: %s]%s%s%s%n", i++, s.name(), s.id(), s.uses(), s.with().isEmpty() ? "" : " with " + s.with(),
                    s.when().isEmpty() ? "" : " when " + s.when().stream().map(Object::toString).reduce((a, b) -> a + " and " + b).orElse(""),
                    s.continueOnFailure() ? " (on failure: continue)" : "");
        }
    }
}
