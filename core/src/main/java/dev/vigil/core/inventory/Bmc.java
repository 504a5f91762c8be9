package dev.vigil.core.inventory;

import dev.vigil.core.config.SecretRef;

import java.util.Locale;

/** A node's baseboard management controller. The password is a reference, never the password. */
public final class Bmc {
    public enum Type {
        IPMI, REDFISH;

        public static Type parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown BMC type '" + text + "' (expected ipmi or redfish)");
            }
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Type type;
    private final String address;
    private final Integer port;
    private final String user;
    private final SecretRef password;
    private final String system;

    public Bmc(Type type, String address, Integer port, String user, SecretRef password) {
        this(type, address, port, user, password, null);
    }

    /**
     * @param system which system of a BMC that manages several (a Redfish {@code Systems} member's Id,
     *               e.g. a blade enclosure's), or null when the BMC has one
     */
    public Bmc(Type type, String address, Integer port, String user, SecretRef password, String system) {
        if (type == null) {
            throw new IllegalArgumentException("bmc type is required (ipmi or redfish)");
        }
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("bmc address is required");
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("bmc port " + port + " is out of range 1-65535");
        }
        this.type = type;
        this.address = address;
        this.port = port;
        this.user = user;
        this.password = password;
        this.system = system == null || system.isBlank() ? null : system.strip();
    }

    /** The system id (bmc_system) on a BMC that lists several, or null. */
    public String system() {
        return system;
    }

    public Type type() {
        return type;
    }

    public String address() {
        return address;
    }

    /** The configured port, or the protocol's default (623 for IPMI, 443 for Redfish). */
    public int port() {
        return port != null ? port : (type == Type.IPMI ? 623 : 443);
    }

    public String user() {
        return user;
    }

    public SecretRef password() {
        return password;
    }
}
