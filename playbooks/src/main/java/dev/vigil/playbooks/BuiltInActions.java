package dev.vigil.playbooks;

import dev.vigil.core.action.Action;
import dev.vigil.core.config.Durations;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The actions a playbook needs no feature for: {@code confirm} and {@code wait}. */
public final class BuiltInActions {
    private BuiltInActions() {
    }

    /** Asks the operator; {@code --yes} answers yes. Without a terminal and without --yes, the step fails. */
    public static Action confirm() {
        return new Action() {
            @Override
            public String name() {
                return "confirm";
            }

            @Override
            public Map<String, Param> params() {
                return Map.of("prompt", Param.required(Kind.STRING, "the question"));
            }

            @Override
            public String description() {
                return "Ask the operator to confirm";
            }

            @Override
            public StepOutcome run(Context c) {
                if (c.yes()) {
                    return new StepOutcome(StepStatus.PASS, "confirmed by --yes: " + c.string("prompt"), null);
                }
                Boolean answer = c.confirmer().ask(c.string("prompt"));
                if (answer == null) {
                    return new StepOutcome(StepStatus.FAIL, "needs confirmation and nobody can answer (not a terminal): run with --yes", null);
                }
                return answer ? new StepOutcome(StepStatus.PASS, "confirmed by the operator", null)
                        : new StepOutcome(StepStatus.FAIL, "the operator said no", null);
            }
        };
    }

    /** Runs {@code command} on the nodes through the exec action until every node succeeds, or fails at the timeout. */
    public static Action waitFor(Action exec) {
        return new Action() {
            @Override
            public String name() {
                return "wait";
            }

            @Override
            public Map<String, Param> params() {
                Map<String, Param> p = new LinkedHashMap<>();
                p.put("command", Param.required(Kind.COMMAND, "a shell command that succeeds on every node once the condition holds"));
                p.put("timeout", Param.optional(Kind.DURATION, "give up after this long (default 5m)"));
                p.put("interval", Param.optional(Kind.DURATION, "time between tries (default 5s)"));
                return p;
            }

            @Override
            public String description() {
                return "Wait until a condition holds on the nodes";
            }

            @Override
            public StepOutcome run(Context c) throws Exception {
                Duration timeout = Durations.parse(c.string("timeout") == null ? "5m" : c.string("timeout"));
                Duration interval = Durations.parse(c.string("interval") == null ? "5s" : c.string("interval"));
                long deadline = System.nanoTime() + timeout.toNanos();
                int tries = 0;
                StepOutcome last;
                do {
                    tries++;
                    last = exec.run(new Context(c.step(), Map.of("command", c.string("command")), c.limit(), c.yes(), c.confirmer(), c.log()));
                    if (last.status() == StepStatus.PASS) {
                        return new StepOutcome(StepStatus.PASS, "holds after " + tries + " tr" + (tries == 1 ? "y" : "ies"), last.details());
                    }
                    if (System.nanoTime() + interval.toNanos() > deadline) {
                        break;
                    }
                    Thread.sleep(interval.toMillis());
                } while (System.nanoTime() < deadline);
                return new StepOutcome(StepStatus.FAIL, "did not hold within " + Durations.format(timeout) + " (" + tries + " tries): "
                        + last.reason(), last.details());
            }
        };
    }
}
