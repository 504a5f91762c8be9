package dev.vigil.core.inventory;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host entry of an Ansible inventory split into its pattern and port, as Ansible's
 * {@code parse_address(allow_ranges=True)} splits it: {@code badwolf.example.com:5309},
 * {@code 192.0.2.50:2222}, {@code [2001:db8::1]:2222}, {@code www[01:50].example.com:2200}. A bare IPv6
 * address has no port; an entry that is not a host name, IPv4 or IPv6 address (with ranges) is taken
 * literally, without a port, as Ansible does. Pure.
 */
public record HostAddress(String pattern, Integer port) {
    private static final String NUMERIC_RANGE = "\\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\\]";
    private static final String HEX_RANGE = "\\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\\]";
    private static final String ALNUM_RANGE = "\\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\\]";
    private static final String I6 = "(?:[0-9a-f]{1,4}|" + HEX_RANGE + ")";
    private static final String I4 = "(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|" + NUMERIC_RANGE + ")";
    private static final String LABEL = "(?:[\\w]|" + ALNUM_RANGE + ")(?:[\\w_-]|" + ALNUM_RANGE + ")*(?<![_-])";

    private static final Pattern BRACKETED_HOSTPORT = Pattern.compile("^\\[(.+)\\]:([0-9]+)$");
    private static final Pattern HOSTPORT = Pattern.compile("^((?:[^:\\[\\]]|\\[[^\\]]*\\])*):([0-9]+)$");
    private static final Pattern IPV4 = Pattern.compile("^(?:" + I4 + "\\.){3}" + I4 + "$", Pattern.CASE_INSENSITIVE);
    private static final Pattern IPV6 = Pattern.compile("^(?:"
            + "(?:" + I6 + ":){7}" + I6
            + "|(?:" + I6 + ":){1,6}:"
            + "|(?:" + I6 + ":)(?::" + I6 + "){1,6}"
            + "|(?:" + I6 + ":){2}(?::" + I6 + "){1,5}"
            + "|(?:" + I6 + ":){3}(?::" + I6 + "){1,4}"
            + "|(?:" + I6 + ":){4}(?::" + I6 + "){1,3}"
            + "|(?:" + I6 + ":){5}(?::" + I6 + "){1,2}"
            + "|(?:" + I6 + ":){6}(?::" + I6 + ")"
            + "|:(?::" + I6 + "){1,6}"
            + "|" + I6 + "?::"
            + "|(?:0:){6}(?:" + I6 + "\\.){3}" + I6
            + "|::(?:ffff:)?(?:" + I6 + "\\.){3}" + I6
            + "|(?:0:){5}ffff:(?:" + I6 + "\\.){3}" + I6
            + ")$", Pattern.CASE_INSENSITIVE);
    private static final Pattern HOSTNAME = Pattern.compile("^" + LABEL + "(?:\\." + LABEL + ")*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);

    public static HostAddress parse(String entry) {
        String address = entry;
        Integer port = null;
        for (Pattern p : new Pattern[] {BRACKETED_HOSTPORT, HOSTPORT}) {
            Matcher m = p.matcher(address);
            if (m.matches()) {
                address = m.group(1);
                try {
                    port = Integer.valueOf(m.group(2));
                } catch (NumberFormatException e) {
                    return new HostAddress(entry, null);
                }
            }
        }
        if (IPV4.matcher(address).matches() || IPV6.matcher(address).matches() || HOSTNAME.matcher(address).matches()) {
            return new HostAddress(address, port);
        }
        // not a recognisable host: Ansible keeps the entry as it is
        return new HostAddress(entry, null);
    }
}
