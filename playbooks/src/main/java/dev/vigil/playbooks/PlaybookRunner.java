package dev.vigil.playbooks;

import dev.vigil.core.action.Action;
import dev.vigil.core.action.Action.StepStatus;
import dev.vigil.playbooks.Checklist.StepResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs a validated playbook step by step. A step whose {@code when} does not hold is SKIPPED; after
 * a FAIL with {@code on-failure: stop} the rest are SKIPPED; an action that throws is a FAIL with
 * its message. The checklist always comes back complete, whatever happened.
 */
public final class PlaybookRunner {
    private static final Logger log = LoggerFactory.getLogger(PlaybookRunner.class);

    /** Told as steps start and end (the live view). */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        default void started(int index, int total, Playbook.Step step) {
        }

        default void finished(int index, int total, StepResult result) {
        }
    }

    private PlaybookRunner() {
    }

    public static Checklist run(Playbook pb, Map<String, Action> actions, String limit, boolean yes, Action.Confirmer confirmer,
                                PrintWriter out, Listener listener) {
        Instant start = Instant.now();
        Map<String, StepStatus> done = new LinkedHashMap<>();
        List<StepResult> results = new ArrayList<>();
        String stoppedBy = null;
        int n = pb.steps().size();
        for (int i = 0; i < n; i++) {
            Playbook.Step step = pb.steps().get(i);
            listener.started(i, n, step);
            StepResult r;
            if (stoppedBy != null) {
                r = new StepResult(step.id(), step.name(), step.uses(), StepStatus.SKIPPED, 0, "not run: step " + stoppedBy + " failed", null);
            } else if (!step.when().stream().allMatch(c -> c.holds(done))) {
                String why = step.when().stream().filter(c -> !c.holds(done)).map(Object::toString).collect(Collectors.joining(" and "));
                r = new StepResult(step.id(), step.name(), step.uses(), StepStatus.SKIPPED, 0, "when: " + why + " does not hold", null);
            } else {
                r = runStep(step, actions.get(step.uses()), limit, yes, confirmer, out);
                if (r.status() == StepStatus.FAIL && !step.continueOnFailure()) {
                    stoppedBy = step.id();
                }
            }
            done.put(step.id(), r.status());
            results.add(r);
            listener.finished(i, n, r);
        }
        StepStatus worst = results.stream().map(StepResult::status).filter(s -> s != StepStatus.SKIPPED)
                .max(Enum::compareTo).orElse(StepStatus.PASS);
        // a worst of SKIPPED cannot happen; FAIL > WARN > PASS by declaration order
        Instant end = Instant.now();
        return new Checklist(pb.name(), pb.description(), pb.source(), limit, start.toString(), end.toString(),
                end.toEpochMilli() - start.toEpochMilli(), worst, results);
    }

    private static StepResult runStep(Playbook.Step step, Action action, String limit, boolean yes, Action.Confirmer confirmer,
                                      PrintWriter out) {
        long t0 = System.nanoTime();
        Action.StepOutcome o;
        try {
            o = action.run(new Action.Context(step.id(), step.with(), limit, yes, confirmer, out));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            o = new Action.StepOutcome(StepStatus.FAIL, "interrupted", null);
        } catch (Exception e) {
            log.warn("step {} ({}) failed", step.id(), step.uses(), e);
            o = new Action.StepOutcome(StepStatus.FAIL, e.getMessage() == null ? e.toString() : e.getMessage(), null);
        }
        return new StepResult(step.id(), step.name(), step.uses(), o.status(), (System.nanoTime() - t0) / 1_000_000, o.reason(), o.details());
    }
}
