package dev.vigil.core.inventory;

import dev.vigil.core.config.SecretRef;

import java.util.Locale;
import java.util.Map;

/**
 * Ansible's become, from a node's vars: {@code ansible_become} (yes/no, true/false, on/off, 1/0),
 * {@code ansible_become_user} (default root), {@code ansible_become_method} ({@code sudo}, the default, or
 * {@code su}) and the password by reference only: {@code ansible_become_password_file} or
 * {@code ansible_become_password_env} (the name of an environment variable); an inline
 * {@code ansible_become_password} is ignored, as every inline secret is. Per node, group or all, as any var.
 * {@code su} reads a password only from a terminal, so it is offered without one (a login user that may
 * switch without a password, such as root to another user); with a password, use sudo. Pure.
 *
 * @param password null when none is given (sudo must then allow the user without one: NOPASSWD)
 */
public record Become(Method method, String user, SecretRef password) {
    public enum Method { SUDO, SU }

    /** The node's become, or null when ansible_become is not set true. @throws IllegalArgumentException on a bad value */
    public static Become of(Map<String, String> vars) {
        String on = vars.get("ansible_become");
        if (on == null || !bool(on, "ansible_become")) {
            return null;
        }
        String m = vars.getOrDefault("ansible_become_method", "sudo").trim().toLowerCase(Locale.ROOT);
        Method method;
        switch (m) {
            case "sudo" -> method = Method.SUDO;
            case "su" -> method = Method.SU;
            default -> throw new IllegalArgumentException("ansible_become_method '" + m + "' is not supported (sudo or su)");
        }
        String user = vars.getOrDefault("ansible_become_user", "root").trim();
        if (!user.matches("[A-Za-z_][A-Za-z0-9_.-]*\\$?")) {
            throw new IllegalArgumentException("ansible_become_user '" + user + "' is not a user name");
        }
        SecretRef password = SecretRef.ofEither(vars.get("ansible_become_password_env"), vars.get("ansible_become_password_file"),
                "become password");
        if (method == Method.SU && password != null) {
            throw new IllegalArgumentException("ansible_become_method su with a password is not supported: su reads the password"
                    + " only from a terminal, which would corrupt the streams Vigil moves; use sudo");
        }
        return new Become(method, user, password);
    }

    /** A boolean as Ansible reads one. */
    static boolean bool(String v, String name) {
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "yes", "true", "on", "1", "y", "t":
                return true;
            case "no", "false", "off", "0", "n", "f", "":
                return false;
            default:
                throw new IllegalArgumentException(name + " '" + v + "' is not a boolean (yes/no, true/false)");
        }
    }

    @Override
    public String toString() {
        return method.name().toLowerCase(Locale.ROOT) + " to " + user + (password == null ? "" : " (password " + password + ")");
    }
}
