package dev.vigil.power;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.fleet.FleetResult;
import dev.vigil.core.fleet.FleetRunner;
import dev.vigil.core.fleet.NodeResult;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Outcome;
import dev.vigil.core.result.Table;
import dev.vigil.core.session.Session;
import dev.vigil.core.transport.TransportException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The use case behind {@code vigil power status|on|off|cycle|policy|audit} and the {@code power-status}
 * and {@code power-audit} actions: one BMC operation on every selected node in parallel, each change
 * confirmed by reading the state back.
 */
public final class PowerOperation {
    public static final List<String> POLICIES = List.of("always-on", "previous", "always-off");

    private PowerOperation() {
    }

    public enum Op {
        STATUS, ON, OFF, CYCLE, POLICY, AUDIT;

        /** Off, cycle and policy change what a node does: on every node at once they are confirmed first. */
        public boolean disruptive() {
            return this == OFF || this == CYCLE || this == POLICY;
        }

        public String task() {
            return "power " + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** policy: for POLICY only; confirmed: the operator said yes (--yes, or at the terminal). */
    public record Request(Op op, String policy, boolean confirmed) {
        public Request {
            if (op == Op.POLICY && !POLICIES.contains(policy)) {
                throw new UsageException("'" + policy + "' is not a restore policy: use always-on, previous or always-off");
            }
        }
    }

    /** What one BMC call found: the power state after it, for audit the restore policy, and what was done. */
    public record Reading(PowerState state, String policy, String action) {
    }

    public record Result(List<NodeResult<Reading>> nodes) implements FleetResult<Reading> {
        @Override
        public String text(String title) {
            Table t = new Table("NODE", "BMC", "OUTCOME", "POWER", "MESSAGE");
            for (NodeResult<Reading> r : nodes) {
                String power = r.value() == null ? "-" : r.value().state().label()
                        + (r.value().policy() != null ? " (restore: " + r.value().policy() + ")" : "")
                        + (r.value().action() != null ? " " + r.value().action() : "");
                t.row(r.node().name(), r.node().bmc().address(), r.outcome().label(), power, r.message() == null ? "" : r.message());
            }
            return t.render() + FleetResult.timedSummary(nodes, nodes.stream().mapToLong(r -> r.duration().toMillis()).max().orElse(0)) + "\n";
        }

        /** Per node: name, bmc, outcome, power, restore_policy (audit), duration_ms, message. */
        @JsonValue
        public List<Map<String, Object>> document() {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (NodeResult<Reading> r : nodes) {
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
            return rows;
        }
    }

    /**
     * The question to put to the operator before this request runs, or null when none is needed: a
     * disruptive operation on more than one node, with no node selection, not yet confirmed.
     */
    public static String confirmation(Session session, Request request) {
        List<Node> nodes = session.selectedNodes();
        if (!request.op().disruptive() || nodes.size() < 2 || session.narrowed() || request.confirmed()) {
            return null;
        }
        return request.op().task() + " on all " + nodes.size() + " nodes of the inventory (" + String.join(", ",
                nodes.stream().limit(8).map(Node::name).toList()) + (nodes.size() > 8 ? ", ..." : "") + ")";
    }

    public static Result run(Session session, Request request) {
        List<Node> nodes = session.selectedNodes();
        PowerConfig cfg = PowerConfig.load(session.configPath());
        if (confirmation(session, request) != null) {
            throw new UsageException(request.op().task() + " on all " + nodes.size() + " nodes of the inventory without -l needs --yes"
                    + " (or run it on a terminal to confirm)");
        }
        Map<String, BmcDriver> drivers = new LinkedHashMap<>();
        for (Node n : nodes) {
            drivers.put(n.name(), BmcDrivers.forNode(n, cfg, session.env()));
        }
        session.stateDir();
        // each node: its BMC calls, and the read-back of an accepted change for up to power.confirm_timeout
        FleetRunner fleet = session.fleet(null, cfg.timeout().multipliedBy(3).plus(cfg.confirmWait()), session.progress(request.op().task()));
        List<NodeResult<Reading>> results;
        try {
            results = fleet.runWork(nodes, node -> {
            try {
                return act(request, drivers.get(node.name()), cfg);
            } catch (BmcException e) {
                throw new TransportException(e.kind() == BmcException.Kind.UNREACHABLE ? Outcome.UNREACHABLE
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
        } finally {
            drivers.values().forEach(BmcDriver::close);
        }
        return new Result(results);
    }

    private static Reading act(Request request, BmcDriver bmc, PowerConfig cfg) throws BmcException {
        switch (request.op()) {
            case STATUS:
                return new Reading(bmc.status(), null, null);
            case AUDIT:
                return new Reading(bmc.status(), bmc.restorePolicy(), null);
            case ON:
                if (bmc.status() == PowerState.ON) {
                    return new Reading(PowerState.ON, null, "(already on)");
                }
                bmc.powerOn();
                return new Reading(PowerChange.confirm(bmc, PowerState.ON, cfg), null, "(powered on)");
            case OFF:
                bmc.powerOff();
                return new Reading(PowerChange.confirm(bmc, PowerState.OFF, cfg), null, "(powered off)");
            case CYCLE:
                bmc.cycle();
                return new Reading(PowerChange.confirm(bmc, PowerState.ON, cfg), null, "(cycled)");
            default:
                bmc.setRestorePolicy(request.policy());
                String now = bmc.restorePolicy();
                if (!now.equals(request.policy())) {
                    throw new BmcException(BmcException.Kind.FAILED, "the BMC accepted restore policy " + request.policy() + " but reports " + now);
                }
                return new Reading(bmc.status(), null, "(restore policy now " + now + ")");
        }
    }
}
