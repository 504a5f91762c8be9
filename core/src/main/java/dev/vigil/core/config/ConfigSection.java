package dev.vigil.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One feature's section of vigil.yaml, as its module registers it (see FeatureModule), so that
 * {@code vigil config validate} checks the whole file at once. name: the top-level key; check: reads
 * and validates it, a problem being an exception whose message names file, line and column, and
 * returns what is legal but likely not meant (warnings).
 */
public record ConfigSection(String name, Function<Path, List<String>> check) {
    /** A section whose only checks are its loader's. */
    public static ConfigSection loading(String name, Consumer<Path> load) {
        return new ConfigSection(name, p -> {
            load.accept(p);
            return List.of();
        });
    }
}
