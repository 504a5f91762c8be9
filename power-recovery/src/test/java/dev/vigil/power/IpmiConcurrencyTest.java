package dev.vigil.power;

import dev.vigil.core.config.SecretRef;
import dev.vigil.core.inventory.Bmc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many BMCs at once (a fleet's health check, a recovery's window): one slow BMC must not hold up the answers
 * of the others. An ipmitool stand-in answers at once, except for the slow BMCs' address.
 */
class IpmiConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void aSlowBmcDoesNotDelayTheOthersAnswers() throws Exception {
        Path tool = dir.resolve("ipmitool");
        Files.writeString(tool, "#!/bin/sh\ncase \"$*\" in *127.0.0.9*) sleep 3;; esac\necho 'Chassis Power is on'\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
        PowerConfig cfg = new PowerConfig(tool.toString(), 3, 1, null, "10s", null, List.of(), null, "10s", "200ms");
        IpmiDriver slow = new IpmiDriver(new Bmc(Bmc.Type.IPMI, "127.0.0.9", 623, "admin", SecretRef.env("X")), "pw".toCharArray(), cfg);
        IpmiDriver fast = new IpmiDriver(new Bmc(Bmc.Type.IPMI, "127.0.0.8", 623, "admin", SecretRef.env("X")), "pw".toCharArray(), cfg);
        // as many slow calls as the shared pool has threads, so a reader on that pool would have none left
        List<CompletableFuture<PowerState>> slowCalls = new ArrayList<>();
        for (int i = 0; i < Math.max(1, ForkJoinPool.getCommonPoolParallelism()); i++) {
            CompletableFuture<PowerState> f = new CompletableFuture<>();
            new Thread(() -> {
                try {
                    f.complete(slow.status());
                } catch (Exception e) {
                    f.completeExceptionally(e);
                }
            }).start();
            slowCalls.add(f);
        }
        Thread.sleep(300);
        long t0 = System.nanoTime();
        assertThat(fast.status()).isEqualTo(PowerState.ON);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).as("the fast BMC's answer waited for the slow one").isLessThan(1500);
        for (CompletableFuture<PowerState> f : slowCalls) {
            assertThat(f.get()).isEqualTo(PowerState.ON);
        }
    }
}
