package dev.vigil.e2e;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The simulated fleet of e2e/fleet.sh, started once per test JVM and stopped when it exits.
 * Tests that stop a node start it again before they end.
 */
final class Fleet {
    static final int SIZE = Integer.getInteger("vigil.fleet.size", 20);
    private static Fleet instance;

    private final Path script;
    private final Path dir;

    private Fleet(Path script, Path dir) {
        this.script = script;
        this.dir = dir;
    }

    /** The running fleet; skips the calling test with a clear message when not root. */
    static synchronized Fleet get() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "e2e: skipped: the simulated fleet needs root (namespaces, sshd); run .ci/run as root");
        if (instance == null) {
            Path script = Path.of(System.getProperty("vigil.fleet.script", "fleet.sh")).toAbsolutePath();
            Path dir = Path.of(System.getProperty("vigil.fleet.dir", "/tmp/vigil-fleet"));
            Fleet f = new Fleet(script, dir);
            f.script("start", String.valueOf(SIZE));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    f.script("stop");
                } catch (RuntimeException ignored) {
                    // best effort at JVM exit
                }
            }));
            instance = f;
        }
        return instance;
    }

    private boolean bmcsStarted;

    /** Starts an ipmi_sim BMC for every node (once per JVM); they stop with the fleet. */
    synchronized void bmcs() {
        if (!bmcsStarted) {
            script("bmc-start", String.valueOf(SIZE));
            bmcsStarted = true;
        }
    }

    /** Sets a sensor of node-i's BMC (cpu1-temp in degrees C, fan1 in RPM/60, ps1 and ps2: 1 present, 3 failed, 9 AC lost). */
    void bmcSensor(int i, String sensor, int value) {
        script("bmc-sensor", String.valueOf(i), sensor, String.valueOf(value));
    }

    /** Adds an entry to node-i's SEL: sensor type, number, event type, offset (fleet.sh bmc-sel). */
    void bmcSel(int i, String bytes) {
        script("bmc-sel", String.valueOf(i), bytes);
    }

    /** Empties node-i's SEL. */
    void bmcSelClear(int i) {
        script("bmc-sel-clear", String.valueOf(i));
    }

    /** Nodes that refuse root login, with the sudo user vigil (NOPASSWD on the first, with a password on the others). */
    void startHardened(int... nodes) {
        String[] args = new String[nodes.length + 1];
        args[0] = "start-hardened";
        for (int k = 0; k < nodes.length; k++) {
            args[k + 1] = Integer.toString(nodes[k]);
        }
        script(args);
    }

    Path hardenedKnownHosts() {
        return dir.resolve("known_hosts.hardened");
    }

    void stopNode(int i) {
        script("stop-node", String.valueOf(i));
    }

    void startNode(int i) {
        script("start-node", String.valueOf(i));
    }

    Path dir() {
        return dir;
    }

    Path inventoryYaml() {
        return dir.resolve("inventory.yaml");
    }

    Path inventoryIni() {
        return dir.resolve("inventory.ini");
    }

    Path knownHosts() {
        return dir.resolve("known_hosts");
    }

    Path clientKey() {
        return dir.resolve("id_ed25519");
    }

    Path nodeDir(int i) {
        return dir.resolve("nodes/node-" + i);
    }

    private void script(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("VIGIL_FLEET_DIR", dir.toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(Duration.ofMinutes(3).toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("fleet.sh " + String.join(" ", args) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
