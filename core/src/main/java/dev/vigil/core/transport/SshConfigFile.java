package dev.vigil.core.transport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The part of ~/.ssh/config Vigil honours: {@code Host} blocks with {@code HostName}, {@code User},
 * {@code Port}, {@code IdentityFile} and {@code ProxyJump}. As in OpenSSH, the first value obtained
 * for a keyword wins and IdentityFile accumulates; {@code Match} blocks are skipped. Pure: text in,
 * resolved settings out.
 */
public final class SshConfigFile {
    private record Block(List<String> patterns, List<String[]> options) {
    }

    /** The settings that apply to one host; null where the file says nothing. */
    public record HostConfig(String hostName, String user, Integer port, List<String> identityFiles, String proxyJump) {
        public static final HostConfig EMPTY = new HostConfig(null, null, null, List.of(), null);
    }

    private final List<Block> blocks;

    private SshConfigFile(List<Block> blocks) {
        this.blocks = blocks;
    }

    public static SshConfigFile parse(String text) {
        List<Block> blocks = new ArrayList<>();
        Block current = new Block(List.of("*"), new ArrayList<>());
        blocks.add(current);
        boolean skipping = false;
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] kv = line.split("\\s*=\\s*|\\s+", 2);
            String key = kv[0].toLowerCase(Locale.ROOT);
            String value = kv.length > 1 ? stripQuotes(kv[1].strip()) : "";
            if (key.equals("host")) {
                current = new Block(List.of(value.split("\\s+")), new ArrayList<>());
                blocks.add(current);
                skipping = false;
            } else if (key.equals("match")) {
                skipping = true;
            } else if (!skipping) {
                current.options().add(new String[] {key, value});
            }
        }
        return new SshConfigFile(blocks);
    }

    private static String stripQuotes(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    public HostConfig resolve(String host) {
        Map<String, String> first = new LinkedHashMap<>();
        List<String> identities = new ArrayList<>();
        for (Block b : blocks) {
            if (!matches(b.patterns(), host)) {
                continue;
            }
            for (String[] o : b.options()) {
                if (o[0].equals("identityfile")) {
                    identities.add(o[1]);
                } else {
                    first.putIfAbsent(o[0], o[1]);
                }
            }
        }
        String hostName = first.get("hostname");
        if (hostName != null) {
            hostName = hostName.replace("%h", host);
        }
        Integer port = null;
        if (first.get("port") != null) {
            try {
                port = Integer.valueOf(first.get("port"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("ssh config: Port '" + first.get("port") + "' for " + host + " is not a number");
            }
        }
        String jump = first.get("proxyjump");
        if (jump != null && jump.equalsIgnoreCase("none")) {
            jump = null;
        }
        List<String> ids = new ArrayList<>();
        for (String id : identities) {
            ids.add(id.replace("%h", host).replace("%%", "%"));
        }
        return new HostConfig(hostName, first.get("user"), port, ids, jump);
    }

    private static boolean matches(List<String> patterns, String host) {
        boolean matched = false;
        for (String p : patterns) {
            boolean negated = p.startsWith("!");
            String glob = negated ? p.substring(1) : p;
            if (glob(glob).matcher(host).matches()) {
                if (negated) {
                    return false;
                }
                matched = true;
            }
        }
        return matched;
    }

    private static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
    }
}
