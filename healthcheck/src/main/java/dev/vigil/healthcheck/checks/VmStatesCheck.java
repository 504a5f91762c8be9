package dev.vigil.healthcheck.checks;

import dev.vigil.core.result.Finding;
import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Status;
import dev.vigil.core.transport.ExecResult;
import dev.vigil.core.transport.ShellQuote;
import dev.vigil.healthcheck.Check;
import dev.vigil.healthcheck.CheckContext;
import dev.vigil.healthcheck.CheckResult;
import dev.vigil.healthcheck.FleetWideCheck;
import dev.vigil.healthcheck.HealthcheckConfig;
import dev.vigil.healthcheck.Settings;
import dev.vigil.healthcheck.parse.VirshList;
import dev.vigil.healthcheck.parse.Virt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The VMs of a hypervisor node (healthcheck.vms names the groups), through libvirt ({@code virsh list --all},
 * {@code domstate --reason}, {@code dominfo}) or Xen's {@code xl list} where virsh is absent:
 * <ul>
 *   <li>crashed (a guest panic through pvpanic), or paused after an I/O error (ENOSPC included) or by the watchdog: CRIT;</li>
 *   <li>shut off while set to autostart or listed in expected_running: CRIT;</li>
 *   <li>paused for another reason (by a user), pmsuspended, or a qemu process with no domain: WARN;</li>
 *   <li>across the fleet, one domain (by UUID) running on two nodes at once, a split brain: CRIT on both.</li>
 * </ul>
 * A node the configuration does not name as a hypervisor is OK with nothing to look at.
 */
public final class VmStatesCheck implements Check, FleetWideCheck {
    static final String RUNNING = "running: ";
    static final String REASONS = "#vigil-reasons";
    static final String QEMU = "#vigil-qemu";
    static final String XL = "#vigil-xl";

    @Override
    public String name() {
        return "vm-states";
    }

    @Override
    public List<String> aliases() {
        return List.of("vms");
    }

    @Override
    public String description() {
        return "VMs of hypervisor nodes (virsh, or xl): crashed, paused on I/O error or watchdog, autostart or expected but off, split brain, orphan qemu";
    }

    @Override
    public String describe(Settings s) {
        HealthcheckConfig.Vms v = s.vms();
        return v == null ? "none configured (healthcheck.vms)" : "crashed, paused (I/O error, watchdog), autostart or expected but off, split brain CRIT;"
                + " paused otherwise, orphan qemu WARN; " + v.uriOrDefault();
    }

    static String script(String uri) {
        String v = "LC_ALL=C virsh -c " + ShellQuote.quote(uri);
        return "if command -v virsh >/dev/null 2>&1; then " + v + " list --all || exit $?; echo '" + REASONS + "'; "
                + v + " list --all --name | while IFS= read -r d; do [ -n \"$d\" ] || continue; i=$(" + v + " dominfo \"$d\" 2>/dev/null); "
                + "printf '%s\\t%s\\t%s\\t%s\\n' \"$d\" \"$(" + v + " domstate --reason \"$d\" 2>&1 | head -n 1)\" "
                + "\"$(printf '%s\\n' \"$i\" | sed -n 's/^Autostart: *//p')\" \"$(printf '%s\\n' \"$i\" | sed -n 's/^UUID: *//p')\"; done; "
                + "echo '" + QEMU + "'; ps -eo args= 2>/dev/null | grep -E '^[^ ]*qemu' | grep -v grep; exit 0; "
                + "elif command -v xl >/dev/null 2>&1; then echo '" + XL + "'; xl list; else echo 'no virsh or xl' >&2; exit 127; fi";
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        HealthcheckConfig.Vms v = ctx.settings().vms();
        if (v == null) {
            return CheckResult.of(Status.OK, "not a hypervisor here (healthcheck.vms names the groups that are)");
        }
        ExecResult r = ctx.probe(script(v.uriOrDefault()));
        if (r.exitCode() == 127) {
            return new CheckResult(Status.UNKNOWN, "neither virsh (libvirt-clients) nor xl is installed on this hypervisor node", List.of(), List.of());
        }
        if (!r.ok()) {
            return new CheckResult(Status.UNKNOWN, "virsh list failed (exit " + r.exitCode() + "): " + r.stderr().strip().lines().findFirst().orElse(""),
                    List.of(), List.of("stderr: " + r.stderr().strip()));
        }
        if (r.stdout().startsWith(XL)) {
            return xen(ctx, r.stdout().substring(XL.length()), v);
        }
        String out = r.stdout();
        int ri = out.indexOf(REASONS + "\n");
        int qi = out.indexOf(QEMU + "\n");
        String list = ri < 0 ? out : out.substring(0, ri);
        Map<String, Virt.DomainInfo> info = ri < 0 ? Map.of() : Virt.domains(out.substring(ri + REASONS.length() + 1, qi < 0 ? out.length() : qi));
        List<String> qemu = qi < 0 ? List.of() : Virt.qemuGuests(out.substring(qi + QEMU.length() + 1));
        List<VirshList.Domain> domains = ctx.parse(list, VirshList::parse, "virsh list --all");
        Status status = Status.OK;
        List<String> problems = new ArrayList<>();
        List<String> details = new ArrayList<>();
        int running = 0;
        Set<String> names = new TreeSet<>();
        for (VirshList.Domain d : domains) {
            names.add(d.name());
            Virt.DomainInfo i = info.get(d.name());
            String reason = i == null || i.reason() == null ? null : i.reason();
            details.add(d.name() + ": " + d.state() + (reason == null ? "" : " (" + reason + ")") + (i != null && i.autostart() ? ", autostart" : ""));
            Status s = Status.OK;
            String why = null;
            if (d.running()) {
                running++;
                details.add(RUNNING + d.name() + " " + (i == null || i.uuid().isEmpty() ? "-" : i.uuid()));
            } else if (d.state().equals("crashed")) {
                s = Status.CRIT;
                why = "crashed" + ("panicked".equals(reason) ? " (guest panic)" : reason == null || reason.equals("unknown") ? "" : " (" + reason + ")");
            } else if (d.state().equals("paused")) {
                boolean fatal = reason != null && (reason.equals("I/O error") || reason.equals("watchdog") || reason.equals("crashed") || reason.contains("failed"));
                s = fatal ? Status.CRIT : Status.WARN;
                why = "paused" + (reason == null || reason.equals("unknown") ? "" : " (" + reason + ")");
            } else if (d.state().equals("pmsuspended")) {
                s = Status.WARN;
                why = "pmsuspended";
            } else if (i != null && i.autostart()) {
                s = Status.CRIT;
                why = d.state() + (reason == null || reason.equals("unknown") ? "" : " (" + reason + ")") + ", but set to autostart";
            } else if (v.expectsRunning(d.name())) {
                s = Status.CRIT;
                why = d.state() + (reason == null || reason.equals("unknown") ? "" : " (" + reason + ")") + ", expected running";
            }
            if (why != null) {
                problems.add(d.name() + " " + why);
            }
            status = s.severity() > status.severity() ? s : status;
        }
        for (String q : qemu) {
            if (!names.contains(q)) {
                problems.add("qemu process for '" + q + "' has no libvirt domain");
                status = status.severity() > Status.WARN.severity() ? status : Status.WARN;
            }
        }
        String msg = domains.size() + (domains.size() == 1 ? " VM, " : " VMs, ") + running + " running"
                + (problems.isEmpty() ? "" : ": " + String.join("; ", problems));
        return new CheckResult(status, msg, List.of(Metric.of("vms", domains.size(), null), Metric.of("running", running, null),
                Metric.of("problems", problems.size(), null)), details);
    }

    private CheckResult xen(CheckContext ctx, String text, HealthcheckConfig.Vms v) throws CheckContext.CannotCheck {
        List<Virt.XenDomain> all = ctx.parse(text, Virt::xl, "xl list");
        Status status = Status.OK;
        List<String> problems = new ArrayList<>();
        List<String> details = new ArrayList<>();
        int guests = 0;
        for (Virt.XenDomain d : all) {
            if (d.id() == 0 || d.name().equals("Domain-0")) {
                continue;
            }
            guests++;
            details.add(d.name() + ": " + d.state());
            if (d.crashed()) {
                problems.add(d.name() + " crashed");
                status = Status.CRIT;
            } else if (d.paused()) {
                problems.add(d.name() + " paused");
                status = status == Status.CRIT ? status : Status.WARN;
            } else {
                details.add(RUNNING + d.name() + " -");
            }
        }
        return new CheckResult(status, guests + (guests == 1 ? " Xen guest" : " Xen guests") + (problems.isEmpty() ? "" : ": " + String.join("; ", problems)),
                List.of(Metric.of("vms", guests, null), Metric.of("problems", problems.size(), null)), details);
    }

    /** A domain (by UUID, else by name) running on two nodes at once: CRIT on each of them. */
    @Override
    public List<Finding> acrossNodes(List<Finding> mine) {
        Map<String, List<String>> where = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (Finding f : mine) {
            for (String d : f.details()) {
                if (d.startsWith(RUNNING)) {
                    String[] p = d.substring(RUNNING.length()).split(" ");
                    String key = p.length > 1 && !p[1].equals("-") ? p[1] : p[0];
                    where.computeIfAbsent(key, k -> new ArrayList<>()).add(f.node());
                    names.put(key, p[0]);
                }
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Finding f : mine) {
            List<String> split = new ArrayList<>();
            where.forEach((k, nodes) -> {
                if (nodes.size() > 1 && nodes.contains(f.node())) {
                    split.add(names.get(k) + " runs on " + String.join(" and ", new TreeSet<>(nodes)) + " at once (split brain)");
                }
            });
            if (split.isEmpty()) {
                out.add(f);
            } else {
                List<String> details = new ArrayList<>(f.details());
                details.addAll(split);
                out.add(new Finding(f.node(), f.item(), Status.CRIT, f.message() + "; " + String.join("; ", split), f.metrics(), details, f.durationMs()));
            }
        }
        return out;
    }
}
