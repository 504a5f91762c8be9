package dev.vigil.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.core.config.VigilConfig;
import dev.vigil.core.error.VigilException;
import dev.vigil.core.inventory.HostPattern;
import dev.vigil.core.inventory.Inventory;
import dev.vigil.core.inventory.InventoryLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Inventories and vigil.yaml come from operators and from other tools' repositories: whatever
 * bytes they hold, reading them ends in an inventory or in a usage error (exit 64, one line),
 * never in another exception (an "internal error"). Seeds and every crash found live in
 * src/test/resources/dev/vigil/core/fuzz/InventoryFuzzTestInputs/; `./mvnw verify` runs them as
 * regression tests and then fuzzes each method for 10 s (the pom's fuzz executions).
 */
class InventoryFuzzTest {
    private static Path file(String suffix, byte[] data) throws IOException {
        Path f = Files.createTempFile("vigil-fuzz-", suffix);
        Files.write(f, data);
        return f;
    }

    private static void load(String suffix, byte[] data) throws IOException {
        Path f = file(suffix, data);
        try {
            Inventory inv = InventoryLoader.load(f);
            // the operator's patterns over the file's names and groups (a "~regex" is the operator's own, never the file's)
            HostPattern.select(inv, null);
            if (!inv.nodes().isEmpty()) {
                HostPattern.select(inv, "*");
                HostPattern.select(inv, "*[0-9]*,!zz*");
            }
        } catch (VigilException expected) {
            // a usage error: one line, exit 64
        } finally {
            Files.deleteIfExists(f);
        }
    }

    // one input that takes a minute is a finding (a hang); Jazzer turns this into libFuzzer's -timeout
    @org.junit.jupiter.api.Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS)
    @FuzzTest(maxDuration = "10s")
    void ansibleIni(byte[] data) throws IOException {
        load(".ini", data);
    }

    // one input that takes a minute is a finding (a hang); Jazzer turns this into libFuzzer's -timeout
    @org.junit.jupiter.api.Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS)
    @FuzzTest(maxDuration = "10s")
    void inventoryYaml(byte[] data) throws IOException {
        load(".yaml", data);
    }

    // one input that takes a minute is a finding (a hang); Jazzer turns this into libFuzzer's -timeout
    @org.junit.jupiter.api.Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS)
    @FuzzTest(maxDuration = "10s")
    void vigilYaml(byte[] data) throws IOException {
        Path f = file(".yaml", data);
        try {
            VigilConfig.load(f);
        } catch (VigilException expected) {
            // a usage error naming the file, line and column
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
