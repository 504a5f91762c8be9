package dev.vigil.core.inventory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One machine of the platform. {@code user}, {@code port} and {@code identityFile} are null when
 * the inventory does not set them, so that ~/.ssh/config and Vigil's defaults can fill them in.
 */
public final class Node {
    private final String name;
    private final String address;
    private final Integer port;
    private final String user;
    private final List<String> identityFiles;
    private final boolean local;
    private final Set<String> groups;
    private final Map<String, String> vars;
    private final Bmc bmc;

    public Node(String name, String address, Integer port, String user, List<String> identityFiles, boolean local,
                Set<String> groups, Map<String, String> vars, Bmc bmc) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a node needs a name");
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("node " + name + ": port " + port + " is out of range 1-65535");
        }
        this.name = name;
        this.address = address == null || address.isBlank() ? name : address;
        this.port = port;
        this.user = user;
        this.identityFiles = List.copyOf(identityFiles);
        this.local = local;
        this.groups = Set.copyOf(groups);
        this.vars = Map.copyOf(vars);
        this.bmc = bmc;
    }

    /** The controller itself, reached without SSH: the inventory when none is given. */
    public static Node localhost() {
        return new Node("localhost", "localhost", null, null, List.of(), true, Set.of(), Map.of(), null);
    }

    public String name() {
        return name;
    }

    public String address() {
        return address;
    }

    public Integer port() {
        return port;
    }

    public String user() {
        return user;
    }

    public List<String> identityFiles() {
        return identityFiles;
    }

    public boolean isLocal() {
        return local;
    }

    /** The groups the node belongs to, directly or through children; never includes "all". */
    public Set<String> groups() {
        return groups;
    }

    public Map<String, String> vars() {
        return vars;
    }

    public Bmc bmc() {
        return bmc;
    }

    Node withGroups(Set<String> allGroups) {
        return new Node(name, address, port, user, identityFiles, local, allGroups, vars, bmc);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Node && ((Node) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
