package dev.vigil.core.text;

/** Text for XML and HTML, the one escaping every renderer uses (JUnit, HTML, the playbook checklist). */
public final class Markup {
    private Markup() {
    }

    /** Escaped for an XML or HTML text node or attribute; control characters XML 1.0 forbids become '?'. */
    public static String xml(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c < 0x20 && c != '\n' && c != '\t' && c != '\r' ? '?' : c);
            }
        }
        return sb.toString();
    }
}
