package dev.vigil.healthcheck.checks;

import dev.vigil.core.result.Finding;
import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Status;
import dev.vigil.core.transport.ShellQuote;
import dev.vigil.healthcheck.Check;
import dev.vigil.healthcheck.CheckContext;
import dev.vigil.healthcheck.CheckResult;
import dev.vigil.healthcheck.Settings;
import dev.vigil.healthcheck.parse.Bonding;

import java.util.ArrayList;
import java.util.List;

/**
 * NIC bonding from {@code /proc/net/bonding/*}: a bond that is down, has no slave up, or (802.3ad) no active
 * aggregator is CRIT; a slave down, slaves at different speeds, or an active slave other than at the last run
 * (a failover happened) WARN. The NICs of hardware.interfaces must have their link up (operstate), else CRIT.
 */
public final class NetworkBondsCheck implements Check {
    static final String MARK = "#vigil-bond ";
    static final String ACTIVE = "active slave of ";

    @Override
    public String name() {
        return "network-bonds";
    }

    @Override
    public String description() {
        return "NIC bonds (/proc/net/bonding): slaves down, failover since the last run, speed mismatch; link of hardware.interfaces";
    }

    @Override
    public String describe(Settings s) {
        List<String> nics = s.config().hardware().interfaces();
        return "bond down or no slave up CRIT; slave down, speed mismatch, failover WARN" + (nics.isEmpty() ? "" : "; link up: " + String.join(", ", nics));
    }

    /** The probe: every /proc/net/bonding file, and the operstate of each configured NIC. */
    public static String script(List<String> nics) {
        StringBuilder script = new StringBuilder("for f in /proc/net/bonding/*; do [ -r \"$f\" ] || continue; printf '\\n" + MARK + "%s\\n' \"${f##*/}\"; cat \"$f\"; done; ");
        for (String nic : nics) {
            String q = ShellQuote.quote(nic);
            script.append("printf '\\n#vigil-nic %s %s\\n' ").append(q).append(" \"$(cat /sys/class/net/").append(q).append("/operstate 2>/dev/null || echo absent)\"; ");
        }
        return script.toString();
    }

    @Override
    public CheckResult run(CheckContext ctx) throws Exception {
        List<String> nics = ctx.settings().config().hardware().interfaces();
        HardwareProbe.Part r = HardwareProbe.of(ctx, "bonds");
        if (r.timedOut()) {
            return CheckResult.unknown("reading the bonds did not finish in time", r.stdout());
        }
        Status worst = Status.OK;
        List<String> problems = new ArrayList<>();
        List<String> details = new ArrayList<>();
        Finding before = ctx.previous(name());
        int bonds = 0;
        int slavesDown = 0;
        for (String part : r.stdout().split("\n" + MARK)) {
            int nl = part.indexOf('\n');
            if (nl < 0 || part.startsWith("#vigil-nic") || part.isBlank() || !part.contains("Bonding Mode")) {
                continue;
            }
            String bond = part.substring(0, nl).strip();
            String body = part.substring(nl + 1).split("\n#vigil-nic ")[0];
            Bonding.Bond b = ctx.parse(body, Bonding::parse, "/proc/net/bonding/" + bond);
            bonds++;
            long up = b.slaves().stream().filter(Bonding.Slave::up).count();
            List<String> down = b.slaves().stream().filter(x -> !x.up()).map(Bonding.Slave::name).toList();
            slavesDown += down.size();
            Status s = Status.OK;
            List<String> why = new ArrayList<>();
            if (!b.up() || up == 0) {
                s = Status.CRIT;
                why.add(up == 0 ? "no slave is up" : "the bond is down");
            } else if (b.noActiveAggregator()) {
                s = Status.CRIT;
                why.add("no active aggregator (LACP not negotiated with the switch)");
            }
            if (!down.isEmpty() && s != Status.CRIT) {
                s = Status.WARN;
            }
            if (!down.isEmpty()) {
                why.add("slave " + String.join(", ", down) + " down");
            }
            List<Integer> speeds = b.slaves().stream().filter(Bonding.Slave::up).map(Bonding.Slave::speed).filter(java.util.Objects::nonNull).distinct().toList();
            if (speeds.size() > 1) {
                s = s == Status.CRIT ? s : Status.WARN;
                why.add("slaves at different speeds " + speeds + " Mb/s");
            }
            if (b.activeSlave() != null) {
                details.add(ACTIVE + bond + ": " + b.activeSlave());
                String was = before == null ? null : before.details().stream().filter(d -> d.startsWith(ACTIVE + bond + ": "))
                        .map(d -> d.substring((ACTIVE + bond + ": ").length())).findFirst().orElse(null);
                if (was != null && !was.equals(b.activeSlave())) {
                    s = s == Status.CRIT ? s : Status.WARN;
                    why.add("failed over from " + was + " to " + b.activeSlave() + " since the last run");
                }
            }
            details.add(bond + ": " + b.mode() + ", " + up + "/" + b.slaves().size() + " slaves up");
            if (!why.isEmpty()) {
                problems.add(bond + ": " + String.join(", ", why));
            }
            worst = s.severity() > worst.severity() ? s : worst;
        }
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith("#vigil-nic ")) {
                String[] f = line.substring("#vigil-nic ".length()).split(" ", 2);
                String state = f.length > 1 ? f[1].strip() : "absent";
                details.add("link of " + f[0] + ": " + state);
                if (!state.equals("up")) {
                    worst = Status.CRIT;
                    problems.add(f[0] + (state.equals("absent") ? " does not exist" : " link is " + state));
                }
            }
        }
        if (bonds == 0 && nics.isEmpty()) {
            return CheckResult.of(Status.OK, "no bonded NICs (no /proc/net/bonding) and no interfaces configured (hardware.interfaces)");
        }
        String msg = bonds + (bonds == 1 ? " bond" : " bonds") + (nics.isEmpty() ? "" : ", " + nics.size() + " interfaces")
                + (problems.isEmpty() ? ", all links up" : ": " + String.join("; ", problems));
        return new CheckResult(worst, msg, List.of(Metric.of("bonds", bonds, null), Metric.of("slaves_down", slavesDown, null)), details);
    }
}
