package dev.vigil.healthcheck;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Real probe output captured on a node, kept under src/test/resources/probes. */
public final class Probes {
    private Probes() {
    }

    public static String text(String name) {
        try (InputStream in = Probes.class.getResourceAsStream("/probes/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no probe fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
