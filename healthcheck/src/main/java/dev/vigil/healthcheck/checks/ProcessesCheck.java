package dev.vigil.healthcheck.checks;

import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Status;
import dev.vigil.core.transport.ExecResult;
import dev.vigil.core.transport.ShellQuote;
import dev.vigil.healthcheck.Check;
import dev.vigil.healthcheck.CheckContext;
import dev.vigil.healthcheck.CheckResult;
import dev.vigil.healthcheck.HealthcheckConfig.ProcessRule;
import dev.vigil.healthcheck.Settings;
import dev.vigil.healthcheck.parse.ProcessTable;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The processes and systemd units a node's groups expect are running; zombies counted. */
public final class ProcessesCheck implements Check {
    @Override
    public String name() {
        return "processes";
    }

    @Override
    public String description() {
        return "expected processes (name or regex, minimum count) and systemd units are running; zombies counted";
    }

    @Override
    public String describe(Settings s) {
        List<String> rules = new ArrayList<>();
        s.processes().forEach(r -> rules.add(r.label() + ">=" + r.minimum()));
        s.units().forEach(u -> rules.add("unit " + u));
        return rules.isEmpty() ? "none configured for this node" : "missing is CRIT: " + String.join(", ", rules);
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        String out = ctx.probeOk(ProcessTable.COMMAND, "ps");
        List<ProcessTable.Proc> procs = ctx.parse(out, ProcessTable::parse, "ps output");
        List<String> problems = new ArrayList<>();
        List<Metric> metrics = new ArrayList<>();
        for (ProcessRule rule : ctx.settings().processes()) {
            long n = count(procs, rule);
            metrics.add(Metric.of(rule.label(), n, null));
            if (n < rule.minimum()) {
                problems.add(rule.label() + ": " + n + " running, expected at least " + rule.minimum());
            }
        }
        List<String> units = ctx.settings().units();
        String unitNote = "";
        if (!units.isEmpty()) {
            List<String> quoted = units.stream().map(ShellQuote::quote).toList();
            ExecResult r = ctx.probe("command -v systemctl >/dev/null 2>&1 || { echo no-systemctl; exit 0; }; systemctl is-active -- "
                    + String.join(" ", quoted));
            String[] states = r.stdout().strip().split("\n");
            if (states.length == 1 && states[0].equals("no-systemctl")) {
                unitNote = "; units not checked: no systemctl on the node";
            } else {
                for (int i = 0; i < units.size(); i++) {
                    String st = i < states.length ? states[i].strip() : "?";
                    if (!st.equals("active")) {
                        problems.add("unit " + units.get(i) + " is " + st);
                    }
                }
            }
        }
        long zombies = procs.stream().filter(ProcessTable.Proc::zombie).count();
        metrics.add(Metric.of("zombies", zombies, null));
        metrics.add(Metric.of("processes", procs.size(), null));
        Status status = problems.isEmpty() ? (unitNote.isEmpty() ? Status.OK : Status.UNKNOWN) : Status.CRIT;
        int expected = ctx.settings().processes().size() + units.size();
        String message = problems.isEmpty()
                ? (expected == 0 ? "no processes expected by configuration" : "all " + expected + " expected processes/units running")
                + ", " + procs.size() + " processes, " + zombies + " zombies" + unitNote
                : String.join("; ", problems) + " (" + zombies + " zombies)";
        return new CheckResult(status, message, metrics, problems);
    }

    static long count(List<ProcessTable.Proc> procs, ProcessRule rule) {
        if (rule.name() != null) {
            // ps truncates comm to 15 characters
            String name = rule.name().length() > 15 ? rule.name().substring(0, 15) : rule.name();
            return procs.stream().filter(p -> !p.zombie() && p.comm().equals(name)).count();
        }
        Pattern p = Pattern.compile(rule.regex());
        return procs.stream().filter(x -> !x.zombie() && p.matcher(x.args()).find()).count();
    }
}
