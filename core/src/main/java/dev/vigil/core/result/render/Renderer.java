package dev.vigil.core.result.render;

import dev.vigil.core.result.Report;

/** Turns a report into text in one output format. Pure: no I/O. */
public interface Renderer {
    String render(Report report);
}
