package dev.vigil.playbooks.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.core.action.Action;
import dev.vigil.playbooks.BuiltInActions;
import dev.vigil.playbooks.Playbook;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Playbooks are files anyone with write access to a share can hand the operator. Whatever they hold,
 * parsing ends in a playbook or in InvalidPlaybookException (file:line:column lines, exit 64); and a
 * run value never reaches a shell command as text, only as the quoted assignment in front of it.
 */
class PlaybookFuzzTest {
    static Map<String, Action> actions() {
        Map<String, Action> m = new LinkedHashMap<>();
        Map<String, Action.Param> p = new LinkedHashMap<>();
        p.put("command", Action.Param.required(Action.Kind.COMMAND, "a shell command"));
        p.put("count", Action.Param.optional(Action.Kind.INT, "a number"));
        p.put("flag", Action.Param.optional(Action.Kind.BOOL, "a switch"));
        p.put("timeout", Action.Param.optional(Action.Kind.DURATION, "a duration"));
        p.put("names", Action.Param.optional(Action.Kind.STRINGS, "names"));
        p.put("text", Action.Param.optional(Action.Kind.STRING, "text"));
        m.put("exec", new Action() {
            @Override
            public String name() {
                return "exec";
            }

            @Override
            public Map<String, Param> params() {
                return p;
            }

            @Override
            public String description() {
                return "run";
            }

            @Override
            public StepOutcome run(Context context) {
                return new StepOutcome(StepStatus.PASS, null, null);
            }
        });
        m.put("confirm", BuiltInActions.confirm());
        return m;
    }

    // one input that takes a minute is a finding (a hang); Jazzer turns this into libFuzzer's -timeout
    @org.junit.jupiter.api.Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS)
    @FuzzTest(maxDuration = "10s")
    void anyPlaybook(FuzzedDataProvider data) {
        String value = data.consumeString(40);
        boolean validate = data.consumeBoolean();
        String text = data.consumeRemainingAsString();
        Map<String, String> vars = validate ? new Playbook.Unresolved() : Map.of("reason", value);
        Playbook p;
        try {
            p = Playbook.parse("fuzz.yaml", text, actions(), vars);
        } catch (Playbook.InvalidPlaybookException expected) {
            return;
        }
        if (!validate && value.length() > 3 && value.contains(";")) {
            for (Playbook.Step s : p.steps()) {
                Object cmd = s.with().get("command");
                if (cmd instanceof String c && c.contains("${VIGIL_VAR_reason}")) {
                    assertThat(c).startsWith("VIGIL_VAR_reason=");
                }
            }
        }
    }
}
