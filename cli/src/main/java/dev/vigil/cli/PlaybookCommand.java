package dev.vigil.cli;

import dev.vigil.core.action.Action;
import dev.vigil.playbooks.Checklist;
import dev.vigil.playbooks.Playbook;
import dev.vigil.playbooks.PlaybookListing;
import dev.vigil.playbooks.PlaybookRun;
import dev.vigil.playbooks.PlaybookRunner;
import dev.vigil.playbooks.Playbooks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code vigil playbook list|show|validate|run}: checklists of steps, such as the pre-upgrade run. */
@Command(name = "playbook", mixinStandardHelpOptions = true,
        description = {"Run checklists of steps such as pre-upgrade, each step PASS, WARN, FAIL or SKIPPED.",
                "A playbook is YAML, validated before anything runs; the report is written even when a step fails, and the",
                "exit code is the worst step's."},
        subcommands = {PlaybookCommand.ListCmd.class, PlaybookCommand.Show.class, PlaybookCommand.Validate.class, PlaybookCommand.Run.class})
final class PlaybookCommand extends GroupCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the shipped playbooks.")
    static final class ListCmd extends ReportingCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            return output.emit(context(), title(), PlaybookListing.shipped(context().session()));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a playbook's steps: action, parameters, conditions.")
    static final class Show extends ReportingCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME|FILE")
        String playbook;

        @Override
        public Integer call() {
            return output.emit(context(), title(), PlaybookListing.show(context().session(), playbook));
        }
    }

    /** --var and --reason, shared by validate and run. */
    abstract static class WithVars extends ReportingCommand {
        @Option(names = "--var", paramLabel = "KEY=VALUE", description = "A value for ${KEY} in the playbook (repeatable).")
        Map<String, String> vars = new LinkedHashMap<>();

        @Option(names = "--reason", paramLabel = "TEXT", description = "Shorthand for --var reason=TEXT (the pre-upgrade backup's reason).")
        String reason;

        Map<String, String> values() {
            Map<String, String> v = new LinkedHashMap<>(vars);
            if (reason != null) {
                v.put("reason", reason);
            }
            return v;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, description = "Check a playbook without running it: actions, parameters, types, conditions (file:line:column).")
    static final class Validate extends WithVars implements Callable<Integer> {
        @Parameters(paramLabel = "FILE")
        String file;

        @Override
        public Integer call() {
            return output.emit(context(), title(), PlaybookListing.validate(context().session(), file, values()));
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Run a playbook over the selected nodes (-l, else the playbook's targets).",
                    "The checklist report is written even when a step fails; the exit code is the worst step's (0 PASS, 1 WARN, 2 FAIL)."})
    static final class Run extends WithVars implements Callable<Integer> {
        @Parameters(paramLabel = "NAME|FILE")
        String playbook;

        @Option(names = "--dry-run", description = "Validate and show what would run; run nothing.")
        boolean dryRun;

        @Option(names = "--yes", description = "Answer yes to every confirm step.")
        boolean yes;

        @Override
        public Integer call() throws IOException {
            CommandContext ctx = context();
            Map<String, Action> actions = PlaybookRun.actions(ctx.session());
            Playbook p = Playbooks.load(playbook, actions, values());
            if (dryRun) {
                return output.emit(ctx, title(), PlaybookListing.dryRun(ctx.session(), p));
            }
            PlaybookRun.Result run = PlaybookRun.run(ctx.session(), p, actions, yes, Run::ask, ctx.err(), live(ctx) ? progress(ctx) : PlaybookRunner.Listener.NONE);
            int code = output.emit(ctx, title(), run);
            if (output.out != null) {
                ctx.err().println("report: " + output.out + " (also " + run.saved() + ")");
                ctx.err().flush();
            }
            return code;
        }

        private boolean live(CommandContext ctx) {
            GlobalOptions g = Vigil.globalOptions(spec);
            return g.progress != ProgressDisplay.Mode.NONE && (Boolean.getBoolean("vigil.stderr.tty") || g.progress == ProgressDisplay.Mode.PLAIN);
        }

        /** Each step on stderr as it starts and ends: "[2/5] backup ..." then its verdict, time and reason. */
        private static PlaybookRunner.Listener progress(CommandContext ctx) {
            return new PlaybookRunner.Listener() {
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
        }

        /** A confirm step asks on the terminal; with none (null) the step fails unless --yes. */
        private static Boolean ask(String question) {
            java.io.Console console = System.console();
            if (console == null) {
                return null;
            }
            String answer = console.readLine("%s [y/N] ", question);
            return answer != null && answer.trim().toLowerCase(java.util.Locale.ROOT).startsWith("y");
        }
    }
}
