package dev.vigil.core.transport;

import java.util.Map;
import java.util.stream.Collectors;

/** OpenSSH's %-tokens ({@code %h}, {@code %p}, ...; {@code %%} is a percent sign), as ProxyCommand and IdentityFile use them. Pure. */
final class PercentTokens {
    private PercentTokens() {
    }

    /**
     * @param values the value of each token letter this setting expands
     * @param what   the setting, for errors (e.g. "ProxyCommand")
     * @throws IllegalArgumentException on a lone trailing % or a token not in {@code values}
     */
    static String expand(String template, Map<Character, String> values, String what) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '%') {
                sb.append(c);
                continue;
            }
            if (i + 1 >= template.length()) {
                throw new IllegalArgumentException(what + " ends in a lone %");
            }
            char t = template.charAt(++i);
            if (t == '%') {
                sb.append('%');
            } else if (values.containsKey(t)) {
                sb.append(values.get(t));
            } else {
                String known = values.keySet().stream().sorted().map(k -> "%" + k).collect(Collectors.joining(" "));
                throw new IllegalArgumentException(what + ": %" + t + " is not supported (Vigil expands " + known + " %%)");
            }
        }
        return sb.toString();
    }
}
