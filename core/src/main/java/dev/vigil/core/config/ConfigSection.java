package dev.vigil.core.config;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * One feature's section of vigil.yaml, as its module registers it (see FeatureModule), so that
 * {@code vigil config validate} checks the whole file at once. name: the top-level key; check: reads
 * and validates it, a problem being an exception whose message names file, line and column.
 */
public record ConfigSection(String name, Consumer<Path> check) {
}
