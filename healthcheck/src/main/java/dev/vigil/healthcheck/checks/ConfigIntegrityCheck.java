package dev.vigil.healthcheck.checks;

import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Status;
import dev.vigil.core.transport.ShellQuote;
import dev.vigil.healthcheck.Check;
import dev.vigil.healthcheck.CheckContext;
import dev.vigil.healthcheck.CheckResult;
import dev.vigil.healthcheck.Settings;
import dev.vigil.healthcheck.history.Baseline.FileState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The node's key config files against the recorded baseline: modified content or missing file is
 * CRIT; a new file or a changed mode/owner is WARN; a changed file of a known type (JSON, YAML,
 * XML, properties/ini) that no longer parses is CRIT.
 */
public final class ConfigIntegrityCheck implements Check {
    static final int PARSE_LIMIT = 1024 * 1024;

    @Override
    public String name() {
        return "config-integrity";
    }

    @Override
    public String description() {
        return "key config files (globs per group) against the baseline: content sha256, missing, new, mode/owner; still parseable";
    }

    @Override
    public String describe(Settings s) {
        return s.configFiles().isEmpty() ? "no key files configured for this node"
                : "files: " + String.join(", ", s.configFiles()) + "; modified/missing/unparseable CRIT, new or mode/owner WARN";
    }

    /** The probe: one line per file, {@code sha256|mode|owner|group|size|path}; unreadable: {@code ERR|path}. */
    public static String script(List<String> globs) {
        StringBuilder sb = new StringBuilder("IFS='\n'; for g in");
        for (String g : globs) {
            sb.append(' ').append(ShellQuote.quote(g));
        }
        // unquoted $g: pathname expansion only; what it expands to is never evaluated again
        sb.append("; do for f in $g; do [ -f \"$f\" ] || continue; "
                + "if s=$(stat -c '%a|%U|%G|%s' -- \"$f\") && h=$(sha256sum -- \"$f\" 2>/dev/null); then "
                + "printf '%s|%s|%s\\n' \"${h%% *}\" \"$s\" \"$f\"; else printf 'ERR|%s\\n' \"$f\"; fi; done; done; exit 0");
        return sb.toString();
    }

    /** The files as they are now on the node, by path. Unreadable ones are in {@code unreadable}. */
    public static Map<String, FileState> snapshot(CheckContext ctx, List<String> unreadable) throws Exception {
        Map<String, FileState> now = new TreeMap<>();
        List<String> globs = ctx.settings().configFiles();
        if (globs.isEmpty()) {
            return now;
        }
        String out = ctx.probeOk(script(globs), "the config file probe");
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("ERR|")) {
                unreadable.add(line.substring(4));
                continue;
            }
            String[] f = line.split("\\|", 6);
            if (f.length != 6) {
                throw new CheckContext.CannotCheck("could not read the config file probe", out);
            }
            now.put(f[5], new FileState(f[0], f[1], f[2], f[3], Long.parseLong(f[4])));
        }
        return now;
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        if (ctx.settings().configFiles().isEmpty()) {
            return CheckResult.of(Status.OK, "no key config files configured for this node");
        }
        List<String> unreadable = new ArrayList<>();
        Map<String, FileState> now = snapshot(ctx, unreadable);
        Map<String, FileState> base = ctx.env().baseline().forNode(ctx.node().name());
        List<String> crit = new ArrayList<>();
        List<String> warn = new ArrayList<>();
        unreadable.forEach(p -> crit.add(p + ": cannot be read"));
        List<String> toParse = new ArrayList<>();
        if (base == null) {
            warn.add("no baseline recorded for this node (run: vigil healthcheck baseline)");
            toParse.addAll(now.keySet());
        } else {
            for (String path : new TreeSet<>(base.keySet())) {
                FileState b = base.get(path);
                FileState n = now.get(path);
                if (n == null) {
                    if (!unreadable.contains(path)) {
                        crit.add(path + ": missing");
                    }
                    continue;
                }
                if (!n.sha256().equals(b.sha256())) {
                    crit.add(path + ": content modified (sha256 " + b.sha256().substring(0, 12) + " -> " + n.sha256().substring(0, 12)
                            + ", size " + b.size() + " -> " + n.size() + ")");
                    toParse.add(path);
                }
                if (!n.mode().equals(b.mode())) {
                    warn.add(path + ": mode " + b.mode() + " -> " + n.mode());
                }
                if (!n.owner().equals(b.owner()) || !n.group().equals(b.group())) {
                    warn.add(path + ": owner " + b.owner() + ":" + b.group() + " -> " + n.owner() + ":" + n.group());
                }
            }
            for (String path : now.keySet()) {
                if (!base.containsKey(path)) {
                    warn.add(path + ": new since the baseline");
                    toParse.add(path);
                }
            }
        }
        for (String path : toParse) {
            ConfigSyntax.Type type = ConfigSyntax.typeOf(path);
            if (type == null) {
                continue;
            }
            String error = ConfigSyntax.check(type, ctx.read(path, PARSE_LIMIT));
            if (error != null) {
                crit.add(path + ": no longer parses as " + type.label() + ": " + error);
            }
        }
        Status status = !crit.isEmpty() ? Status.CRIT : !warn.isEmpty() ? Status.WARN : Status.OK;
        List<String> details = new ArrayList<>(crit);
        details.addAll(warn);
        String message = status == Status.OK ? now.size() + " key files match the baseline"
                : details.get(0) + (details.size() > 1 ? " (+" + (details.size() - 1) + " more)" : "");
        return new CheckResult(status, message, List.of(Metric.of("files", now.size(), null),
                Metric.of("changed", crit.size() + warn.size(), null)), details);
    }
}
