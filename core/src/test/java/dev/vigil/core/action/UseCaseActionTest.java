package dev.vigil.core.action;

import dev.vigil.core.result.RunResult;
import dev.vigil.core.result.Status;
import dev.vigil.core.session.Session;
import dev.vigil.core.session.SessionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UseCaseActionTest {
    @TempDir
    Path dir;

    record Found(Status status, String summary, int items) implements RunResult {
    }

    private Session session() {
        SessionOptions o = new SessionOptions(null, null, null, dir.resolve("state"), null, null, null, null, List.of(), null, null, null);
        return new Session(o, Map.of(), Session.Host.QUIET);
    }

    private Action.StepOutcome step(Status status, String failOn, String limit, AtomicReference<Session> seen) throws Exception {
        Action a = new UseCaseAction("probe", "a probe", Map.of("fail_on", Action.Param.optional(Action.Kind.STRING, "")), session(), (s, c) -> {
            seen.set(s);
            return new Found(status, "2 nodes: 2 ok", 7);
        });
        Map<String, Object> with = new HashMap<>();
        if (failOn != null) {
            with.put("fail_on", failOn);
        }
        return a.run(new Action.Context("s1", with, limit, false, q -> null, null));
    }

    @Test
    void theUseCasesStatusIsTheStepsVerdict_andItsJsonTheDetails() throws Exception {
        AtomicReference<Session> seen = new AtomicReference<>();
        Action.StepOutcome ok = step(Status.OK, null, null, seen);
        assertThat(ok.status()).isEqualTo(Action.StepStatus.PASS);
        assertThat(ok.reason()).isEqualTo("2 nodes: 2 ok");
        assertThat(ok.details().toString()).contains("\"items\":7");
        assertThat(step(Status.WARN, null, null, seen).status()).isEqualTo(Action.StepStatus.WARN);
        assertThat(step(Status.WARN, "warn", null, seen).status()).as("fail_on: warn").isEqualTo(Action.StepStatus.FAIL);
        assertThat(step(Status.CRIT, null, null, seen).status()).isEqualTo(Action.StepStatus.FAIL);
        assertThat(step(Status.UNKNOWN, null, null, seen).status()).as("nodes not reached fail the step").isEqualTo(Action.StepStatus.FAIL);
    }

    @Test
    void theStepsSelectionNarrowsTheSession() throws Exception {
        AtomicReference<Session> seen = new AtomicReference<>();
        step(Status.OK, null, "compute", seen);
        assertThat(seen.get().limit()).isEqualTo("compute");
        assertThat(seen.get().stateDirPath()).isEqualTo(dir.resolve("state"));
    }

    @Test
    void twoActionsWithOneName_areRefused_namingBothOwners() {
        Action a = new UseCaseAction("exec", "mine", Map.of(), session(), (s, c) -> new Found(Status.OK, "", 0));
        Map<String, Action> all = new java.util.LinkedHashMap<>();
        Map<String, String> from = new java.util.LinkedHashMap<>();
        Actions.register(all, from, a, "module A");
        assertThatThrownBy(() -> Actions.register(all, from, a, "module B")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'exec'").hasMessageContaining("module A").hasMessageContaining("module B");
    }

    @Test
    void coresOwnActionsAreFoundThroughTheRegistry() {
        assertThat(Actions.load(session(), List.of()).keySet()).contains("exec", "inventory-check");
    }
}
