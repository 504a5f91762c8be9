package dev.vigil.kbox.collect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in collected text by declared rules, kept as data in {@code redaction-rules.tsv}
 * (password-like keys, Authorization headers and bearer tokens, XML password elements,
 * {@code mysql -pSECRET}, credentials in URLs, PEM private key blocks), each pinned by a test
 * corpus. With {@code hosts}, IPv4 and IPv6 addresses and the given host names are replaced
 * consistently (the same one always by the same token), in text and in the archive's paths;
 * {@link #mapping()} says which is which and must never go into the bundle. Redaction is
 * idempotent: redacting redacted text changes nothing. Thread-safe: one redactor serves every node.
 */
public final class Redactor {
    public static final String MASK = "****";

    /** One rule: its regex has a group named "secret", which is masked; the rest of the match is kept. */
    public record Rule(String name, Pattern pattern) {
    }

    public static final List<Rule> RULES = load();

    private static final Pattern IPV4 = Pattern.compile("(?<![0-9.])(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)(?![0-9]|\\.\\d)");
    /** Candidates only: {@link #isIpv6} decides (times and MAC addresses look alike). */
    private static final Pattern IPV6 = Pattern.compile("(?<![A-Za-z0-9_:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:(?<=:)|(?<=[0-9A-Fa-f]))(?![A-Za-z0-9_:])");

    private final boolean hosts;
    private final List<String> hostNames;
    private final Map<String, String> mapping = new LinkedHashMap<>();
    private long masked;

    public Redactor(boolean hosts, List<String> hostNames) {
        this.hosts = hosts;
        // longest first, so "cna-10" is not caught as "cna-1" + "0"
        this.hostNames = hostNames.stream().filter(h -> h.length() >= 3).distinct().sorted((a, b) -> b.length() - a.length()).toList();
    }

    private static List<Rule> load() {
        List<Rule> rules = new ArrayList<>();
        try (InputStream in = Redactor.class.getResourceAsStream("redaction-rules.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                Pattern p = Pattern.compile(line.substring(tab + 1));
                if (!p.pattern().contains("(?<secret>")) {
                    throw new IllegalStateException("redaction rule " + line.substring(0, tab) + " has no 'secret' group");
                }
                rules.add(new Rule(line.substring(0, tab), p));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return List.copyOf(rules);
    }

    public synchronized String redact(String text) {
        // to a fixed point: a mask or a token can complete a pattern that was not there before (idempotence)
        String out = text;
        for (int pass = 0; pass < 4; pass++) {
            String next = hosts ? hostsIn(out) : out;
            for (Rule r : RULES) {
                next = mask(r.pattern(), next);
            }
            if (next.equals(out)) {
                break;
            }
            out = next;
        }
        return out;
    }

    /**
     * A path inside the archive with the hosts replaced as in the text (node names are directory
     * names there), so the archive's names match its redacted manifest. Identity without --redact-hosts.
     */
    public synchronized String redactPath(String path) {
        return hosts ? hostsIn(path) : path;
    }

    private String hostsIn(String text) {
        String out = replace(IPV4, text, m -> token(m.group(), "ip"));
        out = replace(IPV6, out, m -> isIpv6(m.group()) ? token(m.group().toLowerCase(java.util.Locale.ROOT), "ip") : m.group());
        for (String h : hostNames) {
            out = replace(Pattern.compile("(?<![A-Za-z0-9.-])" + Pattern.quote(h) + "(?![A-Za-z0-9-])"), out, m -> token(h, "host"));
        }
        return out;
    }

    /** An IPv6 address, not a time (12:30:45) or a MAC (52:54:00:12:34:56): eight groups, or "::" with at least two groups. */
    static boolean isIpv6(String s) {
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String[] groups = s.split(":", -1);
        long nonEmpty = java.util.Arrays.stream(groups).filter(g -> !g.isEmpty()).count();
        if (doubleColon >= 0) {
            return nonEmpty >= 2 && nonEmpty <= 7;
        }
        return groups.length == 8 && nonEmpty == 8;
    }

    private String token(String original, String kind) {
        return mapping.computeIfAbsent(original, k -> kind + "-" + (mapping.values().stream().filter(v -> v.startsWith(kind + "-")).count() + 1));
    }

    private String mask(Pattern p, String text) {
        Matcher m = p.matcher(text);
        StringBuilder sb = null;
        int last = 0;
        while (m.find()) {
            if (m.start("secret") < 0 || text.substring(m.start("secret"), m.end("secret")).equals(MASK)) {
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(text.length());
            }
            masked++;
            sb.append(text, last, m.start("secret")).append(MASK);
            last = m.end("secret");
        }
        if (sb == null) {
            return text;
        }
        return sb.append(text, last, text.length()).toString();
    }

    private String replace(Pattern p, String text, java.util.function.Function<Matcher, String> with) {
        Matcher m = p.matcher(text);
        StringBuilder sb = new StringBuilder();
        boolean any = false;
        while (m.find()) {
            String r = with.apply(m);
            if (!r.equals(m.group())) {
                any = true;
                masked++;
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(r));
        }
        if (!any) {
            return text;
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Original host or address to its token; written beside the bundle, never into it. */
    public synchronized Map<String, String> mapping() {
        return new LinkedHashMap<>(mapping);
    }

    public synchronized long masked() {
        return masked;
    }
}
