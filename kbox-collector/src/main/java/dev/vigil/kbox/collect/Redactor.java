package dev.vigil.kbox.collect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in collected text by declared rules: {@code key = value} and {@code "key": "value"}
 * for password-like keys, PEM private key blocks, and credentials in URLs. With {@code hosts}, IPv4
 * addresses and the given host names are replaced consistently (the same one always by the same
 * token); {@link #mapping()} says which is which and must never go into the bundle.
 * Thread-safe: one redactor serves every node of a run.
 */
public final class Redactor {
    public static final String MASK = "****";
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)((?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)"
                    + "[A-Za-z0-9_.-]*\"?\\s*[=:]\\s*\"?)([^\\s\"',;]+)");
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\\s\\S]*?-----END [A-Z ]*PRIVATE KEY-----");
    private static final Pattern URL_CREDENTIALS = Pattern.compile("(://[^/\\s:@]+:)([^@\\s/]+)(@)");
    private static final Pattern IPV4 = Pattern.compile("\\b(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\b");

    private final boolean hosts;
    private final List<String> hostNames;
    private final Map<String, String> mapping = new LinkedHashMap<>();
    private long masked;

    public Redactor(boolean hosts, List<String> hostNames) {
        this.hosts = hosts;
        // longest first, so "cna-10" is not caught as "cna-1" + "0"
        this.hostNames = hostNames.stream().filter(h -> h.length() >= 3).sorted((a, b) -> b.length() - a.length()).toList();
    }

    public synchronized String redact(String text) {
        String out = replace(PEM, text, m -> "-----BEGIN " + m.group(1) + "PRIVATE KEY-----\n" + MASK + "\n-----END " + m.group(1) + "PRIVATE KEY-----");
        out = replace(KEY_VALUE, out, m -> m.group(1) + MASK);
        out = replace(URL_CREDENTIALS, out, m -> m.group(1) + MASK + m.group(3));
        if (hosts) {
            out = replace(IPV4, out, m -> token(m.group(), "ip"));
            for (String h : hostNames) {
                out = replace(Pattern.compile("(?<![A-Za-z0-9.-])" + Pattern.quote(h) + "(?![A-Za-z0-9-])"), out, m -> token(h, "host"));
            }
        }
        return out;
    }

    private String token(String original, String kind) {
        return mapping.computeIfAbsent(original, k -> kind + "-" + (mapping.values().stream().filter(v -> v.startsWith(kind + "-")).count() + 1));
    }

    private String replace(Pattern p, String text, java.util.function.Function<Matcher, String> with) {
        Matcher m = p.matcher(text);
        StringBuilder sb = new StringBuilder();
        boolean any = false;
        while (m.find()) {
            any = true;
            masked++;
            m.appendReplacement(sb, Matcher.quoteReplacement(with.apply(m)));
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
