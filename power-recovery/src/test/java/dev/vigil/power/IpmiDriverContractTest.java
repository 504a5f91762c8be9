package dev.vigil.power;

import dev.vigil.core.config.SecretRef;
import dev.vigil.core.inventory.Bmc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
        Path emu = Files.writeString(dir.resolve("bmc.emu"), emu(dir));
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

    /**
     * The e2e fleet's BMC (e2e/bmc/*.sdrs, compiled by OpenIPMI's sdrcomp): a temperature, a fan and two power
     * supplies polled from files, and two SEL entries (uncorrectable ECC, a supply's AC lost).
     */
    private static String emu(Path dir) throws Exception {
        StringBuilder b = new StringBuilder("mc_setbmc 0x20\nmc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02\n");
        List<Path> sdrs;
        try (var s = Files.list(Path.of("..", "e2e", "bmc"))) {
            sdrs = s.filter(p -> p.toString().endsWith(".sdrs")).sorted().toList();
        }
        for (Path sdr : sdrs) {
            Process p = new ProcessBuilder("sdrcomp", "-r", sdr.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            byte[] raw = p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("sdrcomp failed on " + sdr);
            }
            b.append("main_sdr_add 0x20");
            for (byte x : raw) {
                b.append(String.format(" 0x%02x", x & 0xff));
            }
            b.append('\n');
        }
        for (String[] f : new String[][]{{"cpu1-temp", "45"}, {"fan1", "90"}, {"ps1", "1"}, {"ps2", "9"}}) {
            Files.writeString(dir.resolve(f[0]), f[1] + "\n");
        }
        b.append("sensor_add 0x20 0 1 0x01 0x01 poll 500 file \"").append(dir.resolve("cpu1-temp")).append("\"\n")
                .append("sensor_set_threshold 0x20 0 1 settable 111001 100 90 80 0 0 5\n")
                .append("sensor_add 0x20 0 2 0x04 0x01 poll 500 file \"").append(dir.resolve("fan1")).append("\"\n")
                .append("sensor_set_threshold 0x20 0 2 settable 000011 0 0 0 0 10 15\n")
                .append("sensor_add 0x20 0 3 0x08 0x6f poll 500 file \"").append(dir.resolve("ps1")).append("\"\n")
                .append("sensor_add 0x20 0 4 0x08 0x6f poll 500 file \"").append(dir.resolve("ps2")).append("\"\n")
                .append("sel_enable 0x20 1000 0x0a\n")
                .append("sel_add 0x20 0x02 0x00 0x00 0x00 0x00 0x20 0x00 0x04 0x0c 0x05 0x6f 0x01 0xff 0xff\n")
                .append("sel_add 0x20 0x02 0x00 0x00 0x00 0x00 0x20 0x00 0x04 0x08 0x04 0x6f 0x03 0xff 0xff\n")
                .append("mc_enable 0x20\n");
        return b.toString();
    }

    @Test
    void aSimulatedFailedSupplyAndAHotCpuAreWhatTheSensorsSay() throws Exception {
        Files.writeString(dir.resolve("cpu1-temp"), "95\n");
        Thread.sleep(1200); // ipmi_sim polls every 500 ms
        List<dev.vigil.core.bmc.Sensor> s = ((IpmiDriver) driver()).sensors();
        dev.vigil.core.bmc.Sensor cpu = s.stream().filter(x -> x.name().equals("CPU1 Temp")).findFirst().orElseThrow();
        org.assertj.core.api.Assertions.assertThat(cpu.reading()).isEqualTo(95.0);
        org.assertj.core.api.Assertions.assertThat(cpu.upperCritical()).isEqualTo(90.0);
        dev.vigil.core.bmc.Sensor ps2 = s.stream().filter(x -> x.name().equals("PS2 Status")).findFirst().orElseThrow();
        org.assertj.core.api.Assertions.assertThat(ps2.asserted()).contains("Presence detected", "Power Supply AC lost");
        Files.writeString(dir.resolve("cpu1-temp"), "45\n");
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
