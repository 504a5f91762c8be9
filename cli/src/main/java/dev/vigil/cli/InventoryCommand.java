package dev.vigil.cli;

import dev.vigil.core.fleet.NodeResult;
import dev.vigil.core.inventory.Bmc;
import dev.vigil.core.inventory.Inventory;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Table;
import dev.vigil.core.transport.Connections;
import dev.vigil.core.exec.Connectivity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code vigil inventory list|check|trust}. */
@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = "Show the inventory, check that every node can be reached, record host keys on first use.",
        subcommands = {InventoryCommand.ListNodes.class, InventoryCommand.Check.class, InventoryCommand.Trust.class})
final class InventoryCommand extends GroupCommand {
    @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
            description = "List the selected nodes with their address, user, groups and BMC.")
    static final class ListNodes extends ReportingCommand implements Callable<Integer> {

        @Override
        public Integer call() {
            CommandContext ctx = context();
            Inventory inv = ctx.inventory();
            List<Node> nodes = ctx.selectedNodes();
            Connections resolver = new Connections(ctx.sshOptions(false), ctx.env());
            List<Map<String, Object>> list = new ArrayList<>();
            for (Node n : nodes) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", n.name());
                m.put("connection", n.isLocal() ? "local" : "ssh");
                if (!n.isLocal()) {
                    Connections.Endpoint t = resolver.resolve(n);
                    m.put("address", t.host());
                    m.put("port", t.port());
                    m.put("user", t.user());
                    if (t.proxyJump() != null) {
                        m.put("proxy_jump", t.proxyJump());
                    }
                } else {
                    m.put("address", n.address());
                }
                m.put("groups", n.groups());
                m.put("vars", n.vars());
                if (n.bmc() != null) {
                    Bmc b = n.bmc();
                    Map<String, Object> bm = new LinkedHashMap<>();
                    bm.put("type", b.type().label());
                    bm.put("address", b.address());
                    bm.put("port", b.port());
                    bm.put("user", b.user());
                    bm.put("password", b.password() == null ? null : b.password().toString());
                    m.put("bmc", bm);
                }
                list.add(m);
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("source", inv.source());
            json.put("nodes", list);
            json.put("groups", inv.groups());
            String line = nodes.size() + (nodes.size() == 1 ? " node" : " nodes") + " from " + inv.source();
            return output.emit(ctx, title(), new Listing(line, json, list), () -> Renderers.text(out -> {
                Table table = new Table("NODE", "ADDRESS", "USER", "GROUPS", "BMC");
                for (Node n : nodes) {
                    String address;
                    String user;
                    if (n.isLocal()) {
                        address = "(local)";
                        user = System.getProperty("user.name");
                    } else {
                        Connections.Endpoint t = resolver.resolve(n);
                        address = t.host() + ":" + t.port() + (t.proxyJump() != null ? " via " + t.proxyJump() : "");
                        user = t.user();
                    }
                    String bmc = n.bmc() == null ? "-" : n.bmc().type().label() + " " + n.bmc().address() + ":" + n.bmc().port();
                    table.row(n.name(), address, user, n.groups().isEmpty() ? "-" : String.join(",", n.groups()), bmc);
                }
                out.print(table.render());
                out.println(line);
            }));
        }
    }

    /** Connects to each node, runs {@code true}, and reports connectivity, host key, auth and round trip. */
    abstract static class ProbeCommand extends ReportingCommand implements Callable<Integer> {

        abstract boolean trustNewKeys();

        @Override
        public Integer call() {
            CommandContext ctx = context();
            Connectivity.Result result = Connectivity.run(ctx.session(), new Connectivity.Request(trustNewKeys()));
            return output.emit(context(), title(), result, () -> Renderers.text(out -> {
                Table table = new Table("NODE", "ADDRESS", "OUTCOME", "CONNECT", "RTT", "HOST KEY", "MESSAGE");
                for (NodeResult<Connectivity.Probe> r : result.nodes()) {
                    Connectivity.Probe p = r.value();
                    String key = p == null || p.connection().hostKey() == null ? (r.node().isLocal() ? "(local)" : "-")
                            : p.connection().hostKey() + (p.connection().hostKeyNewlyTrusted() ? " (new, recorded)" : "");
                    table.row(r.node().name(), r.node().address(), r.outcome().label(),
                            p == null ? "-" : p.connection().connectTime().toMillis() + "ms",
                            p == null ? "-" : String.format("%.1fms", p.roundTrip().toNanos() / 1e6), key,
                            r.message() == null ? "" : r.message());
                }
                out.print(table.render());
                out.println(Renderers.summary(result.nodes(), result.elapsedMillis()));
            }));
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Check every selected node: connection, host key, authentication and round-trip time.",
                    "Unknown or changed host keys are refused; see 'vigil inventory trust'."})
    static final class Check extends ProbeCommand {
        @Override
        boolean trustNewKeys() {
            return false;
        }

    }

    @Command(name = "trust", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Record the host keys of the selected nodes that are not yet known, in Vigil's known_hosts.",
                    "This is trust on first use, like OpenSSH's accept-new. A key that differs from a known one",
                    "is always refused. Compare the fingerprints shown with the nodes' own before relying on them."})
    static final class Trust extends ProbeCommand {
        @Override
        boolean trustNewKeys() {
            return true;
        }

    }
}
