package dev.vigil.core.result.render;

import dev.vigil.core.error.UsageException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The output formats, by the name {@code --format} takes. Adding one is a {@link Renderer} class and
 * one line in {@link #builtIn()}; two formats with one name are refused.
 */
public final class RendererRegistry {
    private static final RendererRegistry BUILT_IN = new RendererRegistry()
            .register("table", new TableRenderer())
            .register("json", new JsonRenderer())
            .register("junit", new JUnitRenderer())
            .register("nagios", new NagiosRenderer())
            .register("prometheus", new PrometheusRenderer())
            .register("html", new HtmlRenderer())
            .register("markdown", new MarkdownRenderer());

    private final Map<String, Renderer> byName = new LinkedHashMap<>();

    public static RendererRegistry builtIn() {
        return BUILT_IN;
    }

    public RendererRegistry register(String name, Renderer renderer) {
        if (byName.putIfAbsent(name, renderer) != null) {
            throw new IllegalStateException("two output formats are named '" + name + "'");
        }
        return this;
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(byName.keySet());
    }

    /** The renderer for a --format value; an unknown one is a usage error listing the formats. */
    public Renderer get(String name) {
        Renderer r = byName.get(name);
        if (r == null) {
            throw new UsageException("--format must be " + String.join(", ", names()) + ", not '" + name + "'");
        }
        return r;
    }
}
