package dev.vigil.core.action;

import dev.vigil.core.result.RunResult;
import dev.vigil.core.session.Session;

import java.util.Map;

/**
 * A playbook action that is one use case: the step's parameters become the use case's request, the
 * step's selection narrows the session, and the result decides the verdict (OK PASS, WARN WARN, or
 * FAIL with {@code fail_on: warn}, anything else FAIL). The result's JSON is the step's details,
 * exactly what the command prints with {@code --format json}.
 */
public final class UseCaseAction implements Action {
    /** Runs the use case in the step's session. */
    @FunctionalInterface
    public interface Call {
        RunResult run(Session session, Context step) throws Exception;
    }

    private final String name;
    private final String description;
    private final Map<String, Param> params;
    private final Session session;
    private final Call call;

    public UseCaseAction(String name, String description, Map<String, Param> params, Session session, Call call) {
        this.name = name;
        this.description = description;
        this.params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        this.session = session;
        this.call = call;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, Param> params() {
        return params;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public StepOutcome run(Context c) throws Exception {
        RunResult r = call.run(session.withLimit(c.limit()).quiet(), c);
        StepStatus status = switch (r.status()) {
            case OK -> StepStatus.PASS;
            case WARN -> "warn".equals(c.string("fail_on")) ? StepStatus.FAIL : StepStatus.WARN;
            default -> StepStatus.FAIL;
        };
        return new StepOutcome(status, r.summary(), r.json());
    }
}
