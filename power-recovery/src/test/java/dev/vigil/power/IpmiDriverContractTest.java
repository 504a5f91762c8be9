package dev.vigil.power;

import dev.vigil.core.config.SecretRef;
import dev.vigil.core.inventory.Bmc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The IPMI driver against OpenIPMI's ipmi_sim (Debian's openipmi, with ipmitool; .ci/run installs both)
 * on a loopback port of its own, its chassis a power flag in a file. Skipped where they are not installed.
 */
class IpmiDriverContractTest extends BmcDriverContract {
    @TempDir
    static Path dir;
    private static Process sim;
    private static int port;

    /** ipmi_sim offers cipher suites up to 3; real BMCs get 17 by default. */
    private static final PowerConfig CONFIG = new PowerConfig(null, 3, 1, null, "3s", null, List.of(), null, "10s", "200ms");

    private static boolean installed(String tool) {
        return List.of("/usr/bin/", "/usr/sbin/", "/usr/local/bin/").stream().anyMatch(d -> Files.isExecutable(Path.of(d + tool)));
    }

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(installed("ipmi_sim") && installed("ipmitool"), "ipmi_sim and ipmitool (Debian openipmi, ipmitool) are not installed");
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        Path power = Files.writeString(dir.resolve("power"), "1\n");
        Path chassis = dir.resolve("chassis.sh");
        Files.writeString(chassis, "#!/bin/sh\n"
                + "dev=$1; op=$2; shift 2\n"
                + "case $op in\n"
                + "  get) for p in \"$@\"; do case $p in power) echo \"power:$(cat '" + power + "')\";; boot) echo boot:default;; esac; done ;;\n"
                + "  set) while [ $# -ge 2 ]; do [ \"$1\" = power ] && echo \"$2\" > '" + power + "'; shift 2; done ;;\n"
                + "esac\nexit 0\n");
        Files.setPosixFilePermissions(chassis, PosixFilePermissions.fromString("rwx------"));
        Path lan = dir.resolve("lan.conf");
        Files.writeString(lan, "name \"contract\"\nset_working_mc 0x20\n  startlan 1\n    addr 127.0.0.1 " + port + "\n    priv_limit admin\n"
                + "    allowed_auths_callback none md2 md5 straight\n    allowed_auths_user none md2 md5 straight\n"
                + "    allowed_auths_operator none md2 md5 straight\n    allowed_auths_admin none md2 md5 straight\n"
                + "    guid " + "0".repeat(31) + "1\n  endlan\n  chassis_control \"" + chassis + " 0x20\"\n"
                + "  user 2 true \"admin\" \"contract-pw\" admin 10 none md2 md5 straight\n");
        Files.setPosixFilePermissions(lan, PosixFilePermissions.fromString("rw-------"));
        Path emu = Files.writeString(dir.resolve("bmc.emu"),
                "mc_setbmc 0x20\nmc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr\nmc_enable 0x20\n");
        Files.createDirectories(dir.resolve("state"));
        sim = new ProcessBuilder("ipmi_sim", "-c", lan.toString(), "-f", emu.toString(), "-n", "-s", dir.resolve("state").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("ipmi_sim.log").toFile()).start();
        // ready when it answers: a status through the driver itself, for at most 10 s
        long end = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                new IpmiDriver(bmc(port), "contract-pw".toCharArray(), CONFIG).status();
                return;
            } catch (BmcException e) {
                if (System.nanoTime() > end || !sim.isAlive()) {
                    throw new IllegalStateException("ipmi_sim did not answer: " + Files.readString(dir.resolve("ipmi_sim.log")), e);
                }
                Thread.sleep(100);
            }
        }
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.destroyForcibly();
        }
    }

    private static Bmc bmc(int p) {
        return new Bmc(Bmc.Type.IPMI, "127.0.0.1", p, "admin", SecretRef.env("VIGIL_BMC_PASSWORD"));
    }

    @Override
    BmcDriver driver() {
        return new IpmiDriver(bmc(port), "contract-pw".toCharArray(), CONFIG);
    }

    @Override
    BmcDriver wrongPassword() {
        return new IpmiDriver(bmc(port), "wrong".toCharArray(), CONFIG);
    }

    @Override
    BmcDriver unreachable() throws Exception {
        int free;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            free = s.getLocalPort();
        }
        return new IpmiDriver(bmc(free), "contract-pw".toCharArray(), CONFIG);
    }
}
