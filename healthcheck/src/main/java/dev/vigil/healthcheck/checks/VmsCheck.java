package dev.vigil.healthcheck.checks;

import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Status;
import dev.vigil.core.transport.ExecResult;
import dev.vigil.core.transport.ShellQuote;
import dev.vigil.healthcheck.Check;
import dev.vigil.healthcheck.CheckContext;
import dev.vigil.healthcheck.CheckResult;
import dev.vigil.healthcheck.HealthcheckConfig;
import dev.vigil.healthcheck.Settings;
import dev.vigil.healthcheck.parse.VirshList;

import java.util.ArrayList;
import java.util.List;

/**
 * The VMs of a hypervisor node, from {@code virsh list --all} (healthcheck.vms, for the node's groups):
 * a crashed domain is CRIT, a paused one WARN, and one that should be running (expected_running) but is
 * not is CRIT. A node the configuration does not name as a hypervisor is OK with nothing to look at.
 */
public final class VmsCheck implements Check {
    @Override
    public String name() {
        return "vms";
    }

    @Override
    public String description() {
        return "the VMs of hypervisor nodes (virsh list --all): crashed, paused, expected running but not";
    }

    @Override
    public String describe(Settings s) {
        HealthcheckConfig.Vms v = s.vms();
        return v == null ? "none configured (healthcheck.vms)" : "crashed or expected running but not CRIT, paused WARN; " + v.uriOrDefault();
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        HealthcheckConfig.Vms v = ctx.settings().vms();
        if (v == null) {
            return CheckResult.of(Status.OK, "not a hypervisor here (healthcheck.vms names the groups that are)");
        }
        ExecResult r = ctx.probe("command -v virsh >/dev/null 2>&1 || { echo 'no virsh' >&2; exit 127; }; LC_ALL=C virsh -c "
                + ShellQuote.quote(v.uriOrDefault()) + " list --all");
        if (r.exitCode() == 127) {
            return new CheckResult(Status.UNKNOWN, "virsh is not installed on this hypervisor node", List.of(), List.of());
        }
        if (!r.ok()) {
            return new CheckResult(Status.UNKNOWN, "virsh list failed (exit " + r.exitCode() + "): " + r.stderr().strip().lines().findFirst().orElse(""),
                    List.of(), List.of("stderr: " + r.stderr().strip()));
        }
        List<VirshList.Domain> domains = ctx.parse(r.stdout(), VirshList::parse, "virsh list --all");
        Status status = Status.OK;
        List<String> problems = new ArrayList<>();
        List<String> details = new ArrayList<>();
        int running = 0;
        for (VirshList.Domain d : domains) {
            details.add(d.name() + ": " + d.state());
            if (d.running()) {
                running++;
                continue;
            }
            Status s = Status.OK;
            if (d.state().equals("crashed")) {
                s = Status.CRIT;
                problems.add(d.name() + " crashed");
            } else if (d.state().equals("paused") || d.state().equals("pmsuspended")) {
                s = Status.WARN;
                problems.add(d.name() + " " + d.state());
            } else if (v.expectsRunning(d.name())) {
                s = Status.CRIT;
                problems.add(d.name() + " " + d.state() + ", expected running");
            }
            status = s.severity() > status.severity() ? s : status;
        }
        String msg = domains.size() + (domains.size() == 1 ? " VM, " : " VMs, ") + running + " running"
                + (problems.isEmpty() ? "" : ": " + String.join("; ", problems));
        return new CheckResult(status, msg, List.of(Metric.of("vms", domains.size(), null), Metric.of("running", running, null),
                Metric.of("problems", problems.size(), null)), details);
    }
}
