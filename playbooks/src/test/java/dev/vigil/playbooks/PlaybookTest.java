package dev.vigil.playbooks;

import dev.vigil.core.action.Action;
import dev.vigil.core.action.Action.StepStatus;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlaybookTest {
    final List<String> ran = new ArrayList<>();

    /** An action whose outcome is its "result" parameter, recording that it ran. */
    Action fake(String name) {
        return new Action() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Map<String, Param> params() {
                Map<String, Param> p = new LinkedHashMap<>();
                p.put("result", Param.optional(Kind.STRING, "PASS, WARN, FAIL or THROW"));
                p.put("count", Param.optional(Kind.INT, "a number"));
                p.put("items", Param.optional(Kind.STRINGS, "a list"));
                p.put("text", Param.optional(Kind.STRING, "some text"));
                return p;
            }

            @Override
            public String description() {
                return "fake " + name;
            }

            @Override
            public StepOutcome run(Context c) {
                ran.add(c.step() + (c.string("text") == null ? "" : ":" + c.string("text")));
                String r = c.string("result") == null ? "PASS" : c.string("result");
                if (r.equals("THROW")) {
                    throw new IllegalStateException("boom");
                }
                return new StepOutcome(StepStatus.valueOf(r), "said " + r, Map.of("limit", String.valueOf(c.limit())));
            }
        };
    }

    Map<String, Action> actions() {
        Map<String, Action> m = new LinkedHashMap<>();
        m.put("check", fake("check"));
        m.put("confirm", BuiltInActions.confirm());
        return m;
    }

    Checklist run(String yaml, boolean yes) {
        Playbook p = Playbook.parse("pb.yaml", yaml, actions(), yaml.contains("vars: [reason]") ? Map.of("reason", "upgrade 8.1") : Map.of());
        return PlaybookRunner.run(p, actions(), "mgmt", yes, q -> null, new PrintWriter(new StringWriter()), PlaybookRunner.Listener.NONE);
    }

    @Test
    void problemsNameFileLineAndColumn() {
        String yaml = String.join("\n",
                "name: bad",
                "stepz: []",
                "steps:",
                "  - uses: check",
                "    with: {count: many, colour: red}",
                "  - uses: nosuch",
                "  - uses: check",
                "    when: later == PASS",
                "    on-failure: retry",
                "");
        assertThatThrownBy(() -> Playbook.parse("pb.yaml", yaml, actions(), Map.of()))
                .isInstanceOfSatisfying(Playbook.InvalidPlaybookException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "pb.yaml:2:1: unknown playbook 'stepz' (expected one of: description, name, steps, targets, vars)",
                        "pb.yaml:5:25: unknown parameter of check 'colour' (expected one of: count, items, result, text)",
                        "pb.yaml:5:19: count: must be a whole number, not 'many'",
                        "pb.yaml:6:11: unknown action 'nosuch' (known: check, confirm)",
                        "pb.yaml:8:11: when: 'later' is not an earlier step (earlier: check)",
                        "pb.yaml:9:17: on-failure: stop or continue, not 'retry'"));
    }

    @Test
    void variablesAreNeededAndSubstituted() {
        String yaml = "name: v\nvars: [reason]\nsteps:\n  - uses: check\n    with: {text: \"because ${reason}\"}\n";
        assertThatThrownBy(() -> Playbook.parse("pb.yaml", yaml, actions(), Map.of())).hasMessageContaining("needs --var reason=");
        run(yaml, false);
        assertThat(ran).containsExactly("check:because upgrade 8.1");
    }

    @Test
    void failureStopsTheRestWhenConditionsSkipAndTheReportIsComplete() {
        Checklist c = run(String.join("\n",
                "name: flow",
                "steps:",
                "  - {id: a, uses: check, with: {result: WARN}}",
                "  - {id: b, uses: check, with: {result: FAIL}, on-failure: continue}",
                "  - {id: c, uses: check, when: b == PASS}",
                "  - {id: d, uses: check, when: a == WARN and b != PASS, with: {result: THROW}}",
                "  - {id: e, uses: check}",
                ""), false);
        assertThat(c.steps()).extracting(Checklist.StepResult::status)
                .containsExactly(StepStatus.WARN, StepStatus.FAIL, StepStatus.SKIPPED, StepStatus.FAIL, StepStatus.SKIPPED);
        assertThat(c.steps().get(2).reason()).isEqualTo("when: b == PASS does not hold");
        assertThat(c.steps().get(3).reason()).isEqualTo("boom");
        assertThat(c.steps().get(4).reason()).isEqualTo("not run: step d failed");
        assertThat(ran).containsExactly("a", "b", "d");
        assertThat(c.worst()).isEqualTo(StepStatus.FAIL);
        assertThat(c.exitCode()).isEqualTo(2);
        assertThat(c.steps().get(0).details()).isEqualTo(Map.of("limit", "mgmt"));
    }

    @Test
    void confirmNeedsAnAnswerOrYes() {
        String yaml = "name: c\nsteps:\n  - {uses: confirm, with: {prompt: \"go on?\"}}\n  - {uses: check}\n";
        Checklist no = run(yaml, false);
        assertThat(no.steps().get(0).status()).isEqualTo(StepStatus.FAIL);
        assertThat(no.steps().get(0).reason()).contains("--yes");
        assertThat(no.steps().get(1).status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(run(yaml, true).worst()).isEqualTo(StepStatus.PASS);
    }

    @Test
    void everyFormatCarriesEveryStep() {
        Checklist c = run("name: f\nsteps:\n  - {id: one, uses: check, with: {result: WARN}}\n  - {id: two, uses: check, with: {result: FAIL}}\n", false);
        assertThat(c.render("table")).contains("WARN").contains("FAIL").contains("2 steps, 0 pass, 1 warn, 1 fail");
        assertThat(c.render("json")).contains("\"worst\" : \"FAIL\"");
        assertThat(c.render("junit")).contains("failures=\"1\"").contains("<failure message=\"said FAIL\"/>");
        assertThat(c.render("markdown")).contains("| 2 | two (fake check) | [ ] FAIL |");
        assertThat(c.render("html")).contains("<td class=\"WARN\">WARN</td>").doesNotContain("<script");
    }

    @Test
    void shippedPlaybooksAreValid() {
        Map<String, Action> all = new LinkedHashMap<>();
        for (String n : List.of("inventory-check", "healthcheck", "healthcheck-baseline", "healthcheck-compare", "backup", "backup-verify",
                "kbox-collect", "collect", "power-audit", "power-recover", "backup-check")) {
            all.put(n, new Action() {
                @Override
                public String name() {
                    return n;
                }

                @Override
                public Map<String, Param> params() {
                    Map<String, Param> p = new LinkedHashMap<>();
                    for (String k : List.of("fail_on", "type", "reason", "profile", "from", "to", "keep_as")) {
                        p.put(k, Param.optional(Kind.STRING, k));
                    }
                    p.put("save", Param.optional(Kind.BOOL, "save"));
                    p.put("alarms", Param.optional(Kind.BOOL, "alarms"));
                    p.put("update", Param.optional(Kind.BOOL, "update"));
                    p.put("checks", Param.optional(Kind.STRINGS, "checks"));
                    p.put("parallel", Param.optional(Kind.INT, "parallel"));
                    p.put("node_timeout", Param.optional(Kind.DURATION, "t"));
                    p.put("deadline", Param.optional(Kind.DURATION, "d"));
                    return p;
                }

                @Override
                public String description() {
                    return n;
                }

                @Override
                public StepOutcome run(Context c) {
                    return new StepOutcome(StepStatus.PASS, null, null);
                }
            });
        }
        for (String name : Playbooks.SHIPPED) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String v : Playbooks.load(name, all, new Playbook.Unresolved()).vars()) {
                values.put(v, v.equals("profile") ? "node-down" : "r");
            }
            Playbook p = Playbooks.load(name, all, values);
            assertThat(p.steps()).isNotEmpty();
            assertThat(p.description()).isNotBlank();
        }
    }
}
