package dev.vigil.core.result.render;

import java.util.Locale;

/** The output formats of a report, as chosen with {@code --format}. */
public enum OutputFormat {
    TABLE(new TableRenderer()),
    JSON(new JsonRenderer()),
    JUNIT(new JUnitRenderer()),
    NAGIOS(new NagiosRenderer()),
    PROMETHEUS(new PrometheusRenderer()),
    HTML(new HtmlRenderer());

    private final Renderer renderer;

    OutputFormat(Renderer renderer) {
        this.renderer = renderer;
    }

    public Renderer renderer() {
        return renderer;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
