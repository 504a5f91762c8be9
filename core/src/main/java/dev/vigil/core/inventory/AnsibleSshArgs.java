package dev.vigil.core.inventory;

import dev.vigil.core.config.ShellWords;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What Vigil takes from {@code ansible_ssh_common_args} and {@code ansible_ssh_extra_args}: the jump host
 * ({@code -J host}, {@code -o ProxyJump=host}) and the proxy command ({@code -o ProxyCommand=...}). As on
 * ssh's command line, the first value given wins, common args before extra args, and both win over
 * ~/.ssh/config. Other options are OpenSSH's own business and are not applied (Vigil does not run ssh).
 * Pure.
 *
 * @param proxyJump    null when not given; "none" disables the config file's
 * @param proxyCommand null when not given; "none" disables the config file's
 */
public record AnsibleSshArgs(String proxyJump, String proxyCommand) {
    public static final AnsibleSshArgs NONE = new AnsibleSshArgs(null, null);

    /** The args of a node's vars. @throws IllegalArgumentException naming the variable on a malformed value */
    public static AnsibleSshArgs of(Map<String, String> vars) {
        String jump = null;
        String command = null;
        for (String var : List.of("ansible_ssh_common_args", "ansible_ssh_extra_args")) {
            String text = vars.get(var);
            if (text == null || text.isBlank()) {
                continue;
            }
            List<String> words;
            try {
                words = ShellWords.split(text, false);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(var + ": " + e.getMessage());
            }
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                String option = null;
                if (w.equals("-o") || w.equals("-J")) {
                    if (i + 1 >= words.size()) {
                        throw new IllegalArgumentException(var + ": " + w + " needs a value");
                    }
                    option = w.equals("-J") ? "proxyjump=" + words.get(++i) : words.get(++i);
                } else if (w.startsWith("-o") && w.length() > 2) {
                    option = w.substring(2);
                } else if (w.startsWith("-J") && w.length() > 2) {
                    option = "proxyjump=" + w.substring(2);
                }
                if (option == null) {
                    continue;
                }
                String[] kv = option.strip().split("\\s*=\\s*|\\s+", 2);
                String key = kv[0].toLowerCase(Locale.ROOT);
                String value = kv.length > 1 ? kv[1].strip() : "";
                if ((key.equals("proxyjump") || key.equals("proxycommand")) && value.isEmpty()) {
                    throw new IllegalArgumentException(var + ": " + kv[0] + " needs a value");
                }
                // ProxyJump and ProxyCommand exclude each other; the first one given wins
                if (key.equals("proxyjump") && jump == null && command == null) {
                    jump = value;
                } else if (key.equals("proxycommand") && jump == null && command == null) {
                    command = value;
                }
            }
        }
        return jump == null && command == null ? NONE : new AnsibleSshArgs(jump, command);
    }
}
