package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.config.Yaml;
import dev.vigil.playbooks.Action;
import dev.vigil.playbooks.Action.Kind;
import dev.vigil.playbooks.Action.Param;
import dev.vigil.playbooks.Action.StepStatus;
import dev.vigil.playbooks.BuiltInActions;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The features' playbook actions. Each runs the feature's own command in-process with
 * {@code --format json} (the same code path, options and exit codes as on the command line); the
 * command's JSON report becomes the step's details, and its exit code the step's verdict: 0 PASS,
 * 1 WARN (FAIL with {@code fail_on: warn}), anything else FAIL.
 */
final class CliActions {
    private CliActions() {
    }

    /** Every action a playbook may use, by name. */
    static Map<String, Action> all(List<String> globals, Map<String, String> env, Path stateDir) {
        Map<String, Action> m = new LinkedHashMap<>();
        Path named = stateDir.resolve("healthcheck").resolve("named");
        Map<String, Param> hc = new LinkedHashMap<>();
        hc.put("checks", Param.optional(Kind.STRINGS, "only these checks (vigil healthcheck list)"));
        hc.put("fail_on", Param.optional(Kind.STRING, "warn: a WARN fails the step (strict); crit (default)"));
        hc.put("save", Param.optional(Kind.BOOL, "keep the run in the history (for compare and trends)"));
        hc.put("keep_as", Param.optional(Kind.STRING, "also keep the report under this name, for healthcheck-compare's named:NAME"));
        add(m, new CliAction("healthcheck", "Health check", hc, c -> {
            List<String> a = new ArrayList<>(List.of("healthcheck", "run", "--format", "json"));
            if (!c.strings("checks").isEmpty()) {
                a.addAll(List.of("--checks", String.join(",", c.strings("checks"))));
            }
            if (c.bool("save")) {
                a.add("--save");
            }
            if (c.string("keep_as") != null) {
                a.addAll(List.of("--out", keptReport(named, c.string("keep_as")).toString()));
            }
            return a;
        }, globals, env) {
            @Override
            Object details(String stdout, Context c) {
                if (c.string("keep_as") == null) {
                    return super.details(stdout, c);
                }
                try {
                    return Yaml.jsonMapper().readTree(keptReport(named, c.string("keep_as")).toFile());
                } catch (java.io.IOException e) {
                    return null;
                }
            }
        });
        add(m, new CliAction("healthcheck-baseline", "Record the config baseline",
                Map.of("update", Param.optional(Kind.BOOL, "replace existing baselines")),
                c -> c.bool("update") ? List.of("healthcheck", "baseline", "--format", "json", "--update")
                        : List.of("healthcheck", "baseline", "--format", "json"), globals, env));
        Map<String, Param> cmp = new LinkedHashMap<>();
        cmp.put("from", Param.optional(Kind.STRING, "the earlier run: previous (default), latest, a run id, or named:NAME (kept by keep_as)"));
        cmp.put("to", Param.optional(Kind.STRING, "the later run (default latest), as from"));
        add(m, new CliAction("healthcheck-compare", "Compare two health check runs", cmp,
                c -> List.of("healthcheck", "compare", run(named, or(c.string("from"), "previous")), run(named, or(c.string("to"), "latest")),
                        "--format", "json"),
                globals, env));
        Map<String, Param> bk = new LinkedHashMap<>();
        bk.put("type", Param.required(Kind.STRING, "full, incremental, differential or pre-risk"));
        bk.put("reason", Param.optional(Kind.STRING, "why (needed for pre-risk)"));
        bk.put("target", Param.optional(Kind.STRING, "a target name or URL"));
        bk.put("paths", Param.optional(Kind.STRINGS, "an ad-hoc backup set"));
        add(m, new CliAction("backup", "Backup", bk, c -> {
            List<String> a = new ArrayList<>(List.of("backup", "run", "--format", "json", "--type", c.string("type")));
            if (c.string("reason") != null) {
                a.addAll(List.of("--reason", c.string("reason")));
            }
            if (c.string("target") != null) {
                a.addAll(List.of("--target", c.string("target")));
            }
            if (!c.strings("paths").isEmpty()) {
                a.addAll(List.of("--paths", String.join(",", c.strings("paths"))));
            }
            return a;
        }, globals, env));
        Map<String, Param> bv = new LinkedHashMap<>();
        bv.put("generation", Param.optional(Kind.STRING, "only this generation"));
        bv.put("target", Param.optional(Kind.STRING, "a target name or URL"));
        add(m, new CliAction("backup-verify", "Verify backups", bv, c -> {
            List<String> a = new ArrayList<>(List.of("backup", "verify", "--format", "json"));
            if (c.string("generation") != null) {
                a.addAll(List.of("--generation", c.string("generation")));
            }
            if (c.string("target") != null) {
                a.addAll(List.of("--target", c.string("target")));
            }
            return a;
        }, globals, env));
        add(m, new CliAction("kbox-collect", "Black-box collection", Map.of(), c -> List.of("kbox", "collect", "--format", "json"), globals, env));
        Map<String, Param> col = new LinkedHashMap<>();
        col.put("profile", Param.required(Kind.STRING, "the collection profile (node-down, vm-crash, ...)"));
        col.put("since", Param.optional(Kind.STRING, "system logs since (default 2h)"));
        add(m, new CliAction("collect", "Fault collection", col, c -> {
            List<String> a = new ArrayList<>(List.of("collect", "--profile", c.string("profile")));
            if (c.string("since") != null) {
                a.addAll(List.of("--since", c.string("since")));
            }
            return a;
        }, globals, env));
        add(m, new CliAction("power-status", "Power status", Map.of(), c -> List.of("power", "status", "--format", "json"), globals, env));
        add(m, new CliAction("power-audit", "BMC audit", Map.of(), c -> List.of("power", "audit", "--format", "json"), globals, env));
        Map<String, Param> rec = new LinkedHashMap<>();
        rec.put("parallel", Param.optional(Kind.INT, "nodes loading at once (default 20)"));
        rec.put("node_timeout", Param.optional(Kind.DURATION, "per node (default 5m)"));
        rec.put("deadline", Param.optional(Kind.DURATION, "for everything (default 2h)"));
        rec.put("retries", Param.optional(Kind.INT, "power cycles of a node that does not load (default 1)"));
        rec.put("order", Param.optional(Kind.STRING, "inventory or longest-first"));
        add(m, new CliAction("power-recover", "Power-on recovery", rec, c -> {
            List<String> a = new ArrayList<>(List.of("power", "recover", "--format", "json"));
            for (String[] o : new String[][] {{"parallel", "--parallel"}, {"node_timeout", "--node-timeout"}, {"deadline", "--deadline"},
                    {"retries", "--retries"}, {"order", "--order"}}) {
                if (c.params().get(o[0]) != null) {
                    a.addAll(List.of(o[1], c.params().get(o[0]).toString()));
                }
            }
            return a;
        }, globals, env));
        Map<String, Param> ex = new LinkedHashMap<>();
        ex.put("command", Param.required(Kind.COMMAND, "a shell command run on every node"));
        ex.put("timeout", Param.optional(Kind.DURATION, "its deadline on each node"));
        Action exec = new CliAction("exec", "Run a command on the nodes", ex, c -> {
            List<String> a = new ArrayList<>(List.of("exec", "--format", "json"));
            if (c.string("timeout") != null) {
                a.addAll(List.of("-t", c.string("timeout")));
            }
            a.addAll(List.of("--", c.string("command")));
            return a;
        }, globals, env);
        add(m, exec);
        add(m, new CliAction("inventory-check", "Connectivity and host keys", Map.of(), c -> List.of("inventory", "check", "--format", "json"),
                globals, env));
        add(m, BuiltInActions.confirm());
        add(m, BuiltInActions.waitFor(exec));
        return m;
    }

    private static Path keptReport(Path named, String name) {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("keep_as: letters, digits and ._- only, not '" + name + "'");
        }
        try {
            dev.vigil.core.state.PrivateFiles.dirs(named);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return named.resolve(name + ".json");
    }

    /** A run reference for healthcheck compare: named:NAME is the report a healthcheck step kept under that name. */
    private static String run(Path named, String ref) {
        if (!ref.startsWith("named:")) {
            return ref;
        }
        Path p = keptReport(named, ref.substring(6));
        if (!java.nio.file.Files.exists(p)) {
            throw new IllegalArgumentException("no health check report kept as '" + ref.substring(6) + "' (run the playbook that keeps it first, "
                    + "e.g. pre-upgrade)");
        }
        return p.toString();
    }

    private static String or(String v, String d) {
        return v == null ? d : v;
    }

    private static void add(Map<String, Action> m, Action a) {
        m.put(a.name(), a);
    }

    /** An action that is one vigil command, run in-process. */
    private static class CliAction implements Action {
        private final String name;
        private final String description;
        private final Map<String, Param> params;
        private final Function<Context, List<String>> args;
        private final List<String> globals;
        private final Map<String, String> env;

        CliAction(String name, String description, Map<String, Param> params, Function<Context, List<String>> args, List<String> globals,
                  Map<String, String> env) {
            this.name = name;
            this.description = description;
            this.params = params;
            this.args = args;
            this.globals = globals;
            this.env = env;
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

        /** The step's details: the command's JSON report, else its text. */
        Object details(String stdout, Context c) {
            try {
                return Yaml.jsonMapper().readTree(stdout);
            } catch (Exception e) {
                return stdout.isBlank() ? null : stdout;
            }
        }

        @Override
        public Outcome run(Context c) {
            List<String> all = new ArrayList<>(globals);
            if (c.limit() != null) {
                all.addAll(List.of("-l", c.limit()));
            }
            all.addAll(args.apply(c));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Vigil.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env,
                    all.toArray(new String[0]));
            Object details = details(out.toString(StandardCharsets.UTF_8), c);
            JsonNode json = details instanceof JsonNode j ? j : null;
            String stderr = err.toString(StandardCharsets.UTF_8).strip();
            String firstErr = stderr.isEmpty() ? null : stderr.lines().filter(l -> l.startsWith("vigil: ")).findFirst()
                    .orElse(stderr.lines().findFirst().orElse("")).replaceFirst("^vigil: ", "");
            StepStatus status = switch (code) {
                case 0 -> StepStatus.PASS;
                case 1 -> "warn".equals(c.string("fail_on")) ? StepStatus.FAIL : StepStatus.WARN;
                default -> StepStatus.FAIL;
            };
            String reason = firstErr != null && code != 0 ? firstErr : Summaries.of(name, json, code);
            return new Outcome(status, reason, details);
        }
    }
}
