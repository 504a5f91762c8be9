package dev.vigil.core.inventory;

import dev.vigil.core.result.Listing;
import dev.vigil.core.result.Table;
import dev.vigil.core.session.Session;
import dev.vigil.core.transport.Connections;
import dev.vigil.core.transport.Endpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The use case behind {@code vigil inventory list}: the selected nodes as Vigil will reach them, with
 * the address, port, user and jump host that ssh_config resolution gives, groups, vars and BMC (its
 * password only as the reference, never the value).
 */
public final class InventoryListing {
    private InventoryListing() {
    }

    public static Listing run(Session session) {
        Inventory inv = session.inventory();
        List<Node> nodes = session.selectedNodes();
        Connections resolver = new Connections(session.sshOptions(false), session.env());
        List<Map<String, Object>> list = new ArrayList<>();
        Table table = new Table("NODE", "ADDRESS", "USER", "GROUPS", "BMC");
        for (Node n : nodes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n.name());
            m.put("connection", n.isLocal() ? "local" : "ssh");
            String address;
            String user;
            if (!n.isLocal()) {
                Endpoint t = resolver.resolve(n);
                m.put("address", t.host());
                m.put("port", t.port());
                m.put("user", t.user());
                if (t.proxyJump() != null) {
                    m.put("proxy_jump", t.proxyJump());
                }
                if (t.proxyCommand() != null) {
                    m.put("proxy_command", t.proxyCommand());
                }
                address = t.host() + ":" + t.port() + (t.proxyJump() != null ? " via " + t.proxyJump()
                        : t.proxyCommand() != null ? " via ProxyCommand" : "");
                user = t.user();
            } else {
                m.put("address", n.address());
                address = "(local)";
                user = System.getProperty("user.name");
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
            String bmc = n.bmc() == null ? "-" : n.bmc().type().label() + " " + n.bmc().address() + ":" + n.bmc().port();
            table.row(n.name(), address, user, n.groups().isEmpty() ? "-" : String.join(",", n.groups()), bmc);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("source", inv.source());
        json.put("nodes", list);
        json.put("groups", inv.groups());
        String line = nodes.size() + (nodes.size() == 1 ? " node" : " nodes") + " from " + inv.source();
        return new Listing(line, json, list, table.render() + line + "\n");
    }
}
