package dev.vigil.cli;

import dev.vigil.core.fleet.FleetRunner;
import dev.vigil.core.fleet.NodeResult;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Outcome;
import dev.vigil.core.result.Table;
import dev.vigil.power.BmcDriver;
import dev.vigil.power.BmcDrivers;
import dev.vigil.power.BmcException;
import dev.vigil.power.PowerChange;
import dev.vigil.power.PowerConfig;
import dev.vigil.power.PowerState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code vigil power status|on|off|cycle|audit|policy}: the nodes' power through their BMCs. */
@Command(name = "power", mixinStandardHelpOptions = true,
        description = "Node power through the BMCs (IPMI over LAN), in parallel over the selected nodes.",
        subcommands = {PowerCommand.Status.class, PowerCommand.On.class, PowerCommand.Off.class, PowerCommand.Cycle.class,
                PowerCommand.Audit.class, PowerCommand.Policy.class, RecoverCommand.class})
final class PowerCommand extends GroupCommand {

    /** What one BMC call found: the power state after it, and for audit the restore policy. */
    record Reading(PowerState state, String policy, String action) {
    }

    abstract static class BmcCommand extends ContextCommand implements Callable<Integer> {
        @Option(names = "--format", paramLabel = "FORMAT", description = "table or json. Default: table.")
        OutputFormat format = OutputFormat.TABLE;

        @Option(names = "--yes", description = "Do it without asking, on more than one node without -l (off, cycle, policy).")
        boolean yes;

        PowerConfig cfg;

        abstract Reading act(BmcDriver bmc) throws BmcException;

        abstract String task();

        /** Off, cycle and policy change what a node does; on many nodes at once they are confirmed first. */
        boolean disruptive() {
            return false;
        }

        @Override
        public Integer call() {
            CommandContext ctx = context();
            List<Node> nodes = ctx.selectedNodes();
            cfg = PowerConfig.load(ctx.configPath());
            if (disruptive() && nodes.size() > 1 && Vigil.globalOptions(spec).limit == null && !yes) {
                String what = task() + " on all " + nodes.size() + " nodes of the inventory";
                java.io.Console console = System.console();
                if (console == null) {
                    throw new dev.vigil.core.error.UsageException(what + " without -l needs --yes (or run it on a terminal to confirm)");
                }
                String answer = console.readLine("%s (%s)? [y/N] ", what, String.join(", ", nodes.stream().limit(8).map(Node::name).toList())
                        + (nodes.size() > 8 ? ", ..." : ""));
                if (answer == null || !answer.trim().toLowerCase(java.util.Locale.ROOT).startsWith("y")) {
                    throw new dev.vigil.core.error.UsageException(task() + ": not confirmed; nothing was sent");
                }
            }
            Map<String, BmcDriver> drivers = new LinkedHashMap<>();
            for (Node n : nodes) {
                drivers.put(n.name(), BmcDrivers.forNode(n, cfg, ctx.env()));
            }
            ctx.stateDir();
            // each node: its BMC calls, and the read-back of an accepted change for up to power.confirm_timeout
            FleetRunner fleet = ctx.fleet(null, cfg.timeout().multipliedBy(3).plus(cfg.confirmWait()), ctx.progress(task()));
            List<NodeResult<Reading>> results = fleet.runWork(nodes, node -> {
                try {
                    return act(drivers.get(node.name()));
                } catch (BmcException e) {
                    throw new dev.vigil.core.transport.TransportException(e.kind() == BmcException.Kind.UNREACHABLE ? Outcome.UNREACHABLE
                            : e.kind() == BmcException.Kind.AUTH_FAILED ? Outcome.AUTH_FAILED : Outcome.FAILED, e.kind().label() + ": " + e.getMessage());
                }
            }, new FleetRunner.Judge<>() {
                @Override
                public Outcome outcome(Reading r) {
                    return r.policy() != null && !r.policy().equals("always-on") && !r.policy().equals("previous") ? Outcome.FAILED : Outcome.OK;
                }

                @Override
                public String message(Reading r) {
                    return "power restore policy is " + r.policy() + ": this node stays off when power returns";
                }
            });
            if (format == OutputFormat.JSON) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (NodeResult<Reading> r : results) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", r.node().name());
                    m.put("bmc", r.node().bmc().address() + ":" + r.node().bmc().port());
                    m.put("outcome", r.outcome().label());
                    m.put("power", r.value() == null ? null : r.value().state().label());
                    if (r.value() != null && r.value().policy() != null) {
                        m.put("restore_policy", r.value().policy());
                    }
                    m.put("duration_ms", r.duration().toMillis());
                    m.put("message", r.message());
                    rows.add(m);
                }
                ctx.out().println(Renderers.json(rows));
            } else {
                Table t = new Table("NODE", "BMC", "OUTCOME", "POWER", "MESSAGE");
                for (NodeResult<Reading> r : results) {
                    String power = r.value() == null ? "-" : r.value().state().label()
                            + (r.value().policy() != null ? " (restore: " + r.value().policy() + ")" : "")
                            + (r.value().action() != null ? " " + r.value().action() : "");
                    t.row(r.node().name(), r.node().bmc().address(), r.outcome().label(), power, r.message() == null ? "" : r.message());
                }
                ctx.out().print(t.render());
                ctx.out().println(Renderers.summary(results, results.stream().mapToLong(r -> r.duration().toMillis()).max().orElse(0)));
            }
            ctx.out().flush();
            return Renderers.exitCode(results);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Each node's power state as its BMC reports it.")
    static final class Status extends BmcCommand {
        @Override
        Reading act(BmcDriver bmc) throws BmcException {
            return new Reading(bmc.status(), null, null);
        }

        @Override
        String task() {
            return "power status";
        }
    }

    @Command(name = "on", mixinStandardHelpOptions = true, description = "Power the nodes on (nodes already on are left alone), confirmed by reading back.")
    static final class On extends BmcCommand {
        @Override
        Reading act(BmcDriver bmc) throws BmcException {
            if (bmc.status() == PowerState.ON) {
                return new Reading(PowerState.ON, null, "(already on)");
            }
            bmc.powerOn();
            return new Reading(PowerChange.confirm(bmc, PowerState.ON, cfg), null, "(powered on)");
        }

        @Override
        String task() {
            return "power on";
        }
    }

    @Command(name = "off", mixinStandardHelpOptions = true, description = "Power the nodes off (hard), confirmed by reading back.")
    static final class Off extends BmcCommand {
        @Override
        Reading act(BmcDriver bmc) throws BmcException {
            bmc.powerOff();
            return new Reading(PowerChange.confirm(bmc, PowerState.OFF, cfg), null, "(powered off)");
        }

        @Override
        boolean disruptive() {
            return true;
        }

        @Override
        String task() {
            return "power off";
        }
    }

    @Command(name = "cycle", mixinStandardHelpOptions = true, description = "Power the nodes off and on again.")
    static final class Cycle extends BmcCommand {
        @Override
        Reading act(BmcDriver bmc) throws BmcException {
            bmc.cycle();
            return new Reading(PowerChange.confirm(bmc, PowerState.ON, cfg), null, "(cycled)");
        }

        @Override
        boolean disruptive() {
            return true;
        }

        @Override
        String task() {
            return "power cycle";
        }
    }

    @Command(name = "policy", mixinStandardHelpOptions = true,
            description = "Set the chassis power-restore policy (what the node does when power returns), confirmed by reading back.")
    static final class Policy extends BmcCommand {
        static final List<String> POLICIES = List.of("always-on", "previous", "always-off");

        @picocli.CommandLine.Parameters(index = "0", paramLabel = "POLICY", converter = PolicyConverter.class,
                description = "always-on (recommended: the node boots when power returns), previous, or always-off.")
        String policy;

        static final class PolicyConverter implements picocli.CommandLine.ITypeConverter<String> {
            @Override
            public String convert(String s) {
                if (!POLICIES.contains(s)) {
                    throw new picocli.CommandLine.TypeConversionException("'" + s + "' is not a restore policy: use always-on, previous or always-off");
                }
                return s;
            }
        }

        @Override
        Reading act(BmcDriver bmc) throws BmcException {
            bmc.setRestorePolicy(policy);
            String now = bmc.restorePolicy();
            if (!now.equals(policy)) {
                throw new BmcException(BmcException.Kind.FAILED, "the BMC accepted restore policy " + policy + " but reports " + now);
            }
            return new Reading(bmc.status(), null, "(restore policy now " + now + ")");
        }

        @Override
        boolean disruptive() {
            return true;
        }

        @Override
        String task() {
            return "power policy";
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = {"Each BMC's reachability, credentials and power-restore policy. Nodes that will stay off when power",
                    "returns (policy always-off) are FAILED: fix them before the next outage."})
    static final class Audit extends BmcCommand {
        @Override
        Reading act(BmcDriver bmc) throws BmcException {
            return new Reading(bmc.status(), bmc.restorePolicy(), null);
        }

        @Override
        String task() {
            return "power audit";
        }
    }

}
