package dev.vigil.cli;

import dev.vigil.core.error.UsageException;
import dev.vigil.core.state.AtomicFiles;
import dev.vigil.core.action.Action;
import dev.vigil.playbooks.Checklist;
import dev.vigil.playbooks.Playbook;
import dev.vigil.playbooks.PlaybookRun;
import dev.vigil.playbooks.PlaybookRunner;
import dev.vigil.playbooks.Playbooks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code vigil playbook list|show|validate|run}: checklists of steps, such as the pre-upgrade run. */
@Command(name = "playbook", mixinStandardHelpOptions = true,
        description = {"Run checklists of steps such as pre-upgrade, each step PASS, WARN, FAIL or SKIPPED.",
                "A playbook is YAML, validated before anything runs; the report is written even when a step fails, and the",
                "exit code is the worst step's."},
        subcommands = {PlaybookCommand.ListCmd.class, PlaybookCommand.Show.class, PlaybookCommand.Validate.class, PlaybookCommand.Run.class})
final class PlaybookCommand extends GroupCommand {

    static Map<String, Action> actions(CommandContext ctx, picocli.CommandLine.Model.CommandSpec spec) {
        return PlaybookRun.actions(ctx.session());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the shipped playbooks.")
    static final class ListCmd extends ReportingCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            CommandContext ctx = context();
            Map<String, Action> actions = actions(ctx, spec);
            List<Map<String, Object>> rows = new java.util.ArrayList<>();
            for (String name : Playbooks.SHIPPED) {
                Playbook p = Playbook.parse(name, Playbooks.find(name).text(), actions, anyVars());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", name);
                row.put("description", p.description() == null ? "" : p.description().strip().lines().findFirst().orElse(""));
                rows.add(row);
            }
            return output.emit(ctx, title(), Listing.of(rows.size() + " shipped playbooks", rows), () -> Renderers.text(out ->
                    rows.forEach(r -> out.printf("%-26s %s%n", r.get("name"), r.get("description")))));
        }
    }

    /** Validation without the run's values: ${var} must be declared; its type is checked when the run gives it. */
    static Map<String, String> anyVars() {
        return new Playbook.Unresolved();
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a playbook's steps: action, parameters, conditions.")
    static final class Show extends ReportingCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME|FILE")
        String playbook;

        @Override
        public Integer call() {
            CommandContext ctx = context();
            Playbook p = Playbooks.load(playbook, actions(ctx, spec), anyVars());
            Map<String, Object> doc = document(p);
            return output.emit(ctx, title(), new Listing(p.steps().size() + " steps", doc, steps(p)), () -> Renderers.text(out -> describe(out, p)));
        }
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
        List<Map<String, Object>> steps = new java.util.ArrayList<>();
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

    static void describe(java.io.PrintWriter out, Playbook p) {
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
        out.flush();
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, description = "Check a playbook without running it: actions, parameters, types, conditions (file:line:column).")
    static final class Validate extends ReportingCommand implements Callable<Integer> {
        @Parameters(paramLabel = "FILE")
        String file;

        @Option(names = "--var", paramLabel = "KEY=VALUE", description = "Check with the run's values too, as run would (repeatable).")
        Map<String, String> vars = new LinkedHashMap<>();

        @Option(names = "--reason", paramLabel = "TEXT", description = "Shorthand for --var reason=TEXT.")
        String reason;

        @Override
        public Integer call() {
            CommandContext ctx = context();
            Map<String, String> v = new LinkedHashMap<>(vars);
            if (reason != null) {
                v.put("reason", reason);
            }
            Playbook p = Playbooks.load(file, actions(ctx, spec), v.isEmpty() ? anyVars() : v);
            String line = p.source() + ": valid, " + p.steps().size() + (p.steps().size() == 1 ? " step" : " steps");
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("source", p.source());
            doc.put("valid", true);
            doc.put("steps", p.steps().size());
            return output.emit(ctx, title(), new Listing(line, doc, List.of(doc)), () -> line + "\n");
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Run a playbook over the selected nodes (-l, else the playbook's targets).",
                    "The checklist report is written even when a step fails; the exit code is the worst step's (0 PASS, 1 WARN, 2 FAIL)."})
    static final class Run extends ContextCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME|FILE")
        String playbook;

        @Option(names = "--var", paramLabel = "KEY=VALUE", description = "A value for ${KEY} in the playbook (repeatable).")
        Map<String, String> vars = new LinkedHashMap<>();

        @Option(names = "--reason", paramLabel = "TEXT", description = "Shorthand for --var reason=TEXT (the pre-upgrade backup's reason).")
        String reason;

        @Option(names = "--dry-run", description = "Validate and show what would run; run nothing.")
        boolean dryRun;

        @Option(names = "--yes", description = "Answer yes to every confirm step.")
        boolean yes;

        @Option(names = "--format", paramLabel = "FORMAT", description = "table, json, junit, markdown or html. Default: table.")
        String format = "table";

        @Option(names = "--out", paramLabel = "FILE", description = "Write the report to FILE (atomically) instead of stdout.")
        Path out;

        @Override
        public Integer call() throws IOException {
            CommandContext ctx = context();
            if (!List.of("table", "json", "junit", "markdown", "html").contains(format)) {
                throw new UsageException("--format must be table, json, junit, markdown or html, not '" + format + "'");
            }
            if (out != null) {
                dev.vigil.core.state.OutputPaths.file(out, "--out");
            }
            Map<String, String> v = new LinkedHashMap<>(vars);
            if (reason != null) {
                v.put("reason", reason);
            }
            Map<String, Action> actions = actions(ctx, spec);
            Playbook p = Playbooks.load(playbook, actions, v);
            String limit = PlaybookRun.limitFor(ctx.session(), p);
            if (dryRun) {
                describe(ctx.out(), p);
                ctx.out().println("dry run: nothing was run" + (limit == null ? "" : "; nodes: " + limit));
                ctx.out().flush();
                return 0;
            }
            boolean live = Vigil.globalOptions(spec).progress != ProgressDisplay.Mode.NONE
                    && (Boolean.getBoolean("vigil.stderr.tty") || Vigil.globalOptions(spec).progress == ProgressDisplay.Mode.PLAIN);
            PlaybookRunner.Listener listener = !live ? PlaybookRunner.Listener.NONE : new PlaybookRunner.Listener() {
                @Override
                public void started(int index, int total, Playbook.Step step) {
                    ctx.err().printf("[%d/%d] %s ...%n", index + 1, total, step.name());
                    ctx.err().flush();
                }

                @Override
                public void finished(int index, int total, Checklist.StepResult r) {
                    ctx.err().printf("[%d/%d] %s: %s (%.1fs) %s%n", index + 1, total, r.name(), r.status(), r.durationMs() / 1000.0,
                            r.reason() == null ? "" : r.reason());
                    ctx.err().flush();
                }
            };
            Action.Confirmer confirmer = question -> {
                java.io.Console console = System.console();
                if (console == null) {
                    return null;
                }
                String answer = console.readLine("%s [y/N] ", question);
                return answer != null && answer.trim().toLowerCase(java.util.Locale.ROOT).startsWith("y");
            };
            PlaybookRun.Result run = PlaybookRun.run(ctx.session(), p, actions, yes, confirmer, ctx.err(), listener);
            Checklist c = run.checklist();
            Path saved = run.saved();
            String text = c.render(format);
            if (out != null) {
                AtomicFiles.write(out, text.getBytes(StandardCharsets.UTF_8));
                ctx.err().println("report: " + out + " (also " + saved + ")");
            } else {
                ctx.out().print(text);
            }
            ctx.out().flush();
            ctx.err().flush();
            return c.exitCode();
        }
    }
}
