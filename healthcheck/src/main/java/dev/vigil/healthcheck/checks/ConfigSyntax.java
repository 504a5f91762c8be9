package dev.vigil.healthcheck.checks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.config.Yaml;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

/** Whether a config file of a known type still parses. Pure: bytes in, error text (or null) out. */
final class ConfigSyntax {
    enum Type {
        JSON, YAML, XML, PROPERTIES;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private ConfigSyntax() {
    }

    static Type typeOf(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.endsWith(".json")) {
            return Type.JSON;
        }
        if (p.endsWith(".yaml") || p.endsWith(".yml")) {
            return Type.YAML;
        }
        if (p.endsWith(".xml")) {
            return Type.XML;
        }
        if (p.endsWith(".properties") || p.endsWith(".ini")) {
            return Type.PROPERTIES;
        }
        return null;
    }

    /** null when it parses, else the parser's complaint in one line. */
    static String check(Type type, byte[] content) {
        try {
            switch (type) {
                case JSON:
                    new ObjectMapper().readTree(content);
                    return null;
                case YAML:
                    Yaml.mapper().readTree(content);
                    return null;
                case XML: {
                    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
                    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                    f.setExpandEntityReferences(false);
                    javax.xml.parsers.DocumentBuilder b = f.newDocumentBuilder();
                    b.setErrorHandler(null);
                    b.parse(new ByteArrayInputStream(content));
                    return null;
                }
                default:
                    return properties(new String(content, StandardCharsets.UTF_8));
            }
        } catch (Exception e) {
            String m = String.valueOf(e.getMessage());
            int nl = m.indexOf('\n');
            return nl < 0 ? m : m.substring(0, nl);
        }
    }

    /** key=value, key: value, [section], comments (# ;), continuation lines (trailing backslash). */
    private static String properties(String text) {
        String[] lines = text.split("\r?\n");
        boolean continued = false;
        for (int i = 0; i < lines.length; i++) {
            String t = lines[i].strip();
            boolean ok = continued || t.isEmpty() || t.startsWith("#") || t.startsWith(";") || t.startsWith("!")
                    || t.matches("\\[[^\\]]+]") || t.matches("[^=:\\s][^=:]*[=:].*") || t.matches("[A-Za-z0-9_.\\-]+");
            if (!ok) {
                return "line " + (i + 1) + " is not key=value, a [section] or a comment";
            }
            continued = t.endsWith("\\");
        }
        return null;
    }
}
