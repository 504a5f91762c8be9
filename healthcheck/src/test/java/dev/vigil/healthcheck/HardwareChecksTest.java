package dev.vigil.healthcheck;

import dev.vigil.core.bmc.BmcReadException;
import dev.vigil.core.bmc.BmcReader;
import dev.vigil.core.bmc.EventLog;
import dev.vigil.core.bmc.SelEntry;
import dev.vigil.core.bmc.Sensor;
import dev.vigil.core.config.SecretRef;
import dev.vigil.core.inventory.Bmc;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Finding;
import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Report;
import dev.vigil.core.result.Status;
import dev.vigil.core.transport.Transport;
import dev.vigil.healthcheck.checks.BmcEventsCheck;
import dev.vigil.healthcheck.checks.BmcSensorsCheck;
import dev.vigil.healthcheck.checks.DisksSmartCheck;
import dev.vigil.healthcheck.checks.MemoryErrorsCheck;
import dev.vigil.healthcheck.checks.MultipathCheck;
import dev.vigil.healthcheck.checks.NetworkBondsCheck;
import dev.vigil.healthcheck.checks.RaidCheck;
import dev.vigil.healthcheck.checks.VmStatesCheck;
import dev.vigil.healthcheck.history.Baseline;
import dev.vigil.healthcheck.history.RunHistory;
import dev.vigil.healthcheck.parse.HardwareParsersTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hardware checks end to end inside the health check: each given the probe output a node would give
 * (real captures where any exist), or a BMC reader answering with real parsed readings.
 */
class HardwareChecksTest {
    @TempDir
    Path dir;

    /** A node whose shell answers each probe by the first key the command contains; anything else exits 127. */
    record Scripted(Node node, Map<String, String> answers) implements Transport {
        @Override
        public int run(String command, InputStream stdin, OutputStream stdout, OutputStream stderr, Duration timeout) {
            for (Map.Entry<String, String> a : answers.entrySet()) {
                if (command.contains(a.getKey())) {
                    try {
                        stdout.write(a.getValue().getBytes(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    return 0;
                }
            }
            try {
                stderr.write("not found\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return 127;
        }

        @Override
        public void close() {
        }
    }

    static final Node NODE = new Node("cna-01", "127.0.0.1", 22, "root", List.of(), false, java.util.Set.of("compute"), Map.of(),
            new Bmc(Bmc.Type.IPMI, "127.0.2.1", 623, "admin", SecretRef.env("BMC_PW")));

    private RunEnvironment env(RunHistory.SavedRun previous, BmcReader bmc, boolean clearSel) throws IOException {
        Instant now = Instant.now();
        return new RunEnvironment(now, previous, Baseline.load(dir), now, List.of(), null, n -> bmc, dir.resolve("bmc-events"), clearSel,
                RunEnvironment.BmcScope.BOTH);
    }

    private CheckResult run(Check c, Map<String, String> answers, String config, RunHistory.SavedRun previous, BmcReader bmc) throws Exception {
        HealthcheckConfig cfg = HealthcheckConfig.load(Files.writeString(dir.resolve("vigil.yaml"), "healthcheck:\n" + (config == null ? "  {}\n" : config)));
        Settings s = new Settings(cfg, NODE);
        return c.run(new CheckContext(NODE, new Scripted(NODE, answers), s, Duration.ofSeconds(5), env(previous, bmc, false)));
    }

    /** The shared hardware probe's output with these parts (name, output), each exiting 0. */
    static String hw(String... partsAndOutputs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < partsAndOutputs.length; i += 2) {
            b.append("#vigil-hw ").append(partsAndOutputs[i]).append('\n').append(partsAndOutputs[i + 1])
                    .append(partsAndOutputs[i + 1].endsWith("\n") || partsAndOutputs[i + 1].isEmpty() ? "" : "\n")
                    .append("#vigil-hw end ").append(partsAndOutputs[i]).append(" 0\n");
        }
        return b.toString();
    }

    private CheckResult run(Check c, Map<String, String> answers) throws Exception {
        return run(c, answers, null, null, null);
    }

    static String res(String p) throws IOException {
        return HardwareParsersTest.resource(p);
    }

    private static RunHistory.SavedRun previous(String check, List<Metric> metrics, List<String> details) {
        Report r = new Report("prev", "t", Instant.now().minusSeconds(3600), Instant.now().minusSeconds(3590),
                List.of(new Finding(NODE.name(), check, Status.OK, "", metrics, details, 0)), Map.of());
        return new RunHistory.SavedRun(Path.of("prev.json"), r);
    }

    @Test
    void theSharedHardwareProbeIsOneShellWithEachChecksPartAndExitStatus() {
        String script = dev.vigil.healthcheck.checks.HardwareProbe.script(List.of("eth0"));
        assertThat(script).contains("smartctl --scan-open --json").contains("/proc/mdstat").contains("multipath -ll").contains("/proc/net/bonding")
                .contains("/sys/devices/system/edac/mc").contains("/sys/class/net/eth0/operstate");
        String out = hw("raid", "#no-md") + "#vigil-hw multipath\nhalf";
        assertThat(dev.vigil.healthcheck.checks.HardwareProbe.part(out, "", false, "raid")).satisfies(p -> {
            assertThat(p.stdout()).isEqualTo("#no-md\n");
            assertThat(p.ok()).isTrue();
        });
        assertThat(dev.vigil.healthcheck.checks.HardwareProbe.part(out, "", true, "multipath").timedOut()).isTrue();
        assertThat(dev.vigil.healthcheck.checks.HardwareProbe.part(out, "", false, "edac").ok()).isFalse();
    }

    @Test
    void disksSmartWithoutSmartctlIsUnknownNamingThePackage() throws Exception {
        CheckResult r = run(new DisksSmartCheck(), Map.of("#vigil-hw", "#vigil-hw smart\n#vigil-hw end smart 127\n"));
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.message()).contains("smartmontools");
    }

    private Map<String, String> disks(String... reports) throws IOException {
        StringBuilder out = new StringBuilder();
        StringBuilder scan = new StringBuilder("{\"devices\": [");
        for (int i = 0; i < reports.length; i++) {
            String dev = "/dev/sd" + (char) ('a' + i);
            scan.append(i == 0 ? "" : ",").append("{\"name\": \"").append(dev).append("\", \"type\": \"sat\"}");
            out.append("\n#vigil-smart ").append(dev).append(" sat\n").append(res("smartctl/" + reports[i] + ".json"));
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("#vigil-hw", hw("smart", scan.append("]}").toString()));
        m.put("smartctl --json -x", out.toString());
        return m;
    }

    @Test
    void disksSmartJudgesRealReportsFailingPreFailAndHealthy() throws Exception {
        CheckResult healthy = run(new DisksSmartCheck(), disks("sata-hdd-healthy-wdc-wd140edfz-a", "sata-ssd-healthy-samsung-860evo-x",
                "nvme-healthy-corsair-mp510-a", "sas-healthy-hitachi-h109060sesun600g"));
        assertThat(healthy.status()).as(healthy.message()).isEqualTo(Status.OK);
        assertThat(healthy.message()).startsWith("4 disks, all healthy");
        CheckResult failed = run(new DisksSmartCheck(), disks("sata-hdd-healthy-wdc-wd140edfz-a", "sata-hdd-failed-hitachi-hds721050dle630-usb-a"));
        assertThat(failed.status()).isEqualTo(Status.CRIT);
        assertThat(failed.message()).contains("sdb: SMART overall-health self-assessment FAILED").contains("8 pending");
        assertThat(run(new DisksSmartCheck(), disks("nvme-failed-critical-warning-samsung-mzwll3t2hajq")).message())
                .contains("volatile memory backup failed");
        assertThat(run(new DisksSmartCheck(), disks("nvme-worn-75pct-intel-ssdpe2kx020t7")).status()).isEqualTo(Status.OK);
        assertThat(run(new DisksSmartCheck(), disks("nvme-media-errors-samsung-970evo-x")).status()).isEqualTo(Status.WARN);
        CheckResult sas = run(new DisksSmartCheck(), disks("sas-grown-defects-seagate-st373453lc"));
        assertThat(sas.status()).isEqualTo(Status.CRIT);
        assertThat(sas.message()).contains("260 grown defects");
        CheckResult seagate = run(new DisksSmartCheck(), disks("sata-hdd-reallocated-seagate-st3500418as"));
        assertThat(seagate.status()).isEqualTo(Status.CRIT);
        assertThat(seagate.message()).contains("304 reallocated sectors");
    }

    @Test
    void aReallocatedCountThatGrowsIsAWarningUnderTheVendorThreshold() throws Exception {
        // the WD behind a MegaRAID has 387 reallocated sectors and passes; with the threshold raised, only the growth warns
        String cfg = "  thresholds: {smart-reallocated: {warn: 1000, crit: 5000}}\n";
        Map<String, String> p = disks("sata-hdd-reallocated-wd4000fyyx-megaraid-a");
        assertThat(run(new DisksSmartCheck(), p, cfg, previous("disks-smart", List.of(Metric.of("sda.reallocated_sectors", 387, null)), List.of()), null)
                .status()).isEqualTo(Status.OK);
        CheckResult grew = run(new DisksSmartCheck(), p, cfg, previous("disks-smart", List.of(Metric.of("sda.reallocated_sectors", 380, null)), List.of()), null);
        assertThat(grew.status()).isEqualTo(Status.WARN);
        assertThat(grew.message()).contains("Reallocated_Sector_Ct grew from 380 to 387 since the last run");
    }

    @Test
    void raidOnRealMdstat() throws Exception {
        assertThat(run(new RaidCheck(), Map.of()).status()).isEqualTo(Status.UNKNOWN);
        assertThat(run(new RaidCheck(), Map.of("#vigil-hw", hw("raid", "#no-md\n"))).status()).isEqualTo(Status.OK);
        assertThat(run(new RaidCheck(), Map.of("#vigil-hw", hw("raid", res("linux/proc-mdstat-raid5-degraded-member-missing.txt")))).message())
                .startsWith("1 md array: md0 (raid5) is degraded");
        CheckResult deg = run(new RaidCheck(), Map.of("#vigil-hw", hw("raid", res("linux/proc-mdstat-raid5-degraded-member-missing.txt"))));
        assertThat(deg.status()).isEqualTo(Status.CRIT);
        assertThat(deg.message()).contains("md0 (raid5) is degraded [3/4] [UUU_]");
        CheckResult scrub = run(new RaidCheck(), Map.of("#vigil-hw", hw("raid", res("linux/proc-mdstat-raid10-check-running-raid1-healthy.txt"))));
        assertThat(scrub.status()).as(scrub.message()).isEqualTo(Status.OK);
        CheckResult many = run(new RaidCheck(), Map.of("#vigil-hw", hw("raid", res("linux/proc-mdstat-many-states-node-exporter-composite.txt"))));
        assertThat(many.message()).contains("md4 (raid1) is inactive").contains("md6 (raid1) is degraded [1/2] [U_], failed sdb2, recovery 8.5%")
                .contains("md8 (raid1) resync 8.5%").contains("md9 (raid1) resync pending");
    }

    @Test
    void megaraidAndPercControllersFromTheirJson() throws Exception {
        String perc = res("raid/perccli-h345-call-show-all-j-excerpt.json");
        CheckResult ok = run(new RaidCheck(), Map.of("#vigil-hw", hw("raid", "#no-md", "raid-controller", perc)));
        assertThat(ok.status()).as(ok.message()).isEqualTo(Status.OK);
        assertThat(ok.message()).isEqualTo("1 controller, all whole");
        // the same document with one value edited here: a degraded virtual drive, a bad disk, a rebuild
        String degraded = perc.replace("\"State\" : \"Optl\"", "\"State\" : \"Dgrd\"");
        CheckResult d = run(new RaidCheck(), Map.of("#vigil-hw", hw("raid", "#no-md", "raid-controller", degraded)));
        assertThat(d.status()).isEqualTo(Status.CRIT);
        assertThat(d.message()).contains("controller 0 (PERC H345 Front) VD 0/0 is Dgrd (RAID0 1.089 TB)");
        String bad = perc.replaceFirst("\"State\" : \"Onln\"", "\"State\" : \"UBad\"");
        assertThat(run(new RaidCheck(), Map.of("#vigil-hw", hw("raid", "#no-md", "raid-controller", bad))).message())
                .contains("drive 69:0 is UBad (ST600MM0069)");
        String rebuild = perc.replaceFirst("\"State\" : \"Onln\"", "\"State\" : \"Rbld\"");
        assertThat(run(new RaidCheck(), Map.of("#vigil-hw", hw("raid", "#no-md", "raid-controller", rebuild))).status()).isEqualTo(Status.WARN);
        assertThat(run(new RaidCheck(), Map.of("#vigil-hw", hw("raid", "#no-md", "raid-controller", "#no-raid-tool"))).message())
                .isEqualTo("no RAID: no md arrays (the md driver is not loaded), no storcli/perccli");
        assertThat(run(new RaidCheck(), Map.of("#vigil-hw", hw("raid", "#no-md", "raid-controller", "garbage"))).status()).isEqualTo(Status.UNKNOWN);
    }

    @Test
    void bondsOnRealFilesAndAFailoverSinceTheLastRun() throws Exception {
        String bond = "\n#vigil-bond bond0\n" + res("linux/proc-net-bonding-bond0-active-backup-slave-down.txt");
        CheckResult r = run(new NetworkBondsCheck(), Map.of("#vigil-hw", hw("bonds", bond)));
        assertThat(r.status()).isEqualTo(Status.WARN);
        assertThat(r.message()).contains("bond0: slave eth3 down");
        CheckResult over = run(new NetworkBondsCheck(), Map.of("#vigil-hw", hw("bonds", bond)), null,
                previous("network-bonds", List.of(), List.of("active slave of bond0: eth3")), null);
        assertThat(over.message()).contains("failed over from eth3 to eth2 since the last run");
        CheckResult lacp = run(new NetworkBondsCheck(), Map.of("#vigil-hw", hw("bonds", "\n#vigil-bond bond0\n" + res("linux/proc-net-bonding-bond0-802.3ad-no-active-aggregator.txt"))));
        assertThat(lacp.status()).isEqualTo(Status.CRIT);
        CheckResult healthy = run(new NetworkBondsCheck(), Map.of("#vigil-hw", hw("bonds", "\n#vigil-bond bond0\n" + res("linux/proc-net-bonding-bond0-active-backup-healthy-10g.txt"))));
        assertThat(healthy.status()).as(healthy.message()).isEqualTo(Status.OK);
        CheckResult nic = run(new NetworkBondsCheck(), Map.of("#vigil-hw", hw("bonds", "\n#vigil-nic eth0 down\n")), "  hardware: {interfaces: [eth0]}\n", null, null);
        assertThat(nic.status()).isEqualTo(Status.CRIT);
        assertThat(nic.message()).contains("eth0 link is down");
    }

    @Test
    void multipathAndMemoryErrors() throws Exception {
        CheckResult mp = run(new MultipathCheck(), Map.of("#vigil-hw", hw("multipath", HardwareParsersTest.MULTIPATH)));
        assertThat(mp.status()).isEqualTo(Status.CRIT);
        assertThat(mp.message()).contains("mpatha lost 1 of 4 paths (sdc failed/faulty)").contains("mpathb has no usable path");
        assertThat(run(new MultipathCheck(), Map.of("#vigil-hw", hw("multipath", "#no-multipath\n"))).status()).isEqualTo(Status.OK);
        CheckResult mem = run(new MemoryErrorsCheck(), Map.of("#vigil-hw", hw("edac", HardwareParsersTest.EDAC)));
        assertThat(mem.status()).isEqualTo(Status.CRIT);
        assertThat(mem.message()).contains("1 uncorrectable errors on mc1");
        String noUe = HardwareParsersTest.EDAC.replace("mc1/ue_count 1", "mc1/ue_count 0");
        CheckResult grew = run(new MemoryErrorsCheck(), Map.of("#vigil-hw", hw("edac", noUe)), null,
                previous("memory-errors", List.of(Metric.of("mc0.dimm0.dimm_ce_count", 3, null)), List.of()), null);
        assertThat(grew.status()).isEqualTo(Status.WARN);
        assertThat(grew.message()).isEqualTo("correctable errors on mc0.dimm0 (CPU_SrcID#0_MC#0_Chan#0_DIMM#0) grew from 3 to 7");
        assertThat(run(new MemoryErrorsCheck(), Map.of("#vigil-hw", hw("edac", "#no-edac\n"))).status()).isEqualTo(Status.OK);
    }

    @Test
    void vmStatesWithReasonsAutostartAndAnOrphanQemu() throws Exception {
        String list = " Id   Name        State\n-----------------------------\n 1    web-1       running\n 2    db-1        paused\n 3    app-1       crashed\n -    batch-1     shut off\n"
                + "#vigil-reasons\nweb-1\trunning (booted)\tenable\tu-1\ndb-1\tpaused (I/O error)\tdisable\tu-2\napp-1\tcrashed (panicked)\tdisable\tu-3\n"
                + "batch-1\tshut off (destroyed)\tenable\tu-4\n#vigil-qemu\n/usr/bin/qemu-system-x86_64 -name guest=web-1,debug-threads=on\n"
                + "/usr/bin/qemu-system-x86_64 -name guest=ghost-9,debug-threads=on\n";
        CheckResult r = run(new VmStatesCheck(), Map.of("virsh", list), "  vms: {groups: [compute]}\n", null, null);
        assertThat(r.status()).isEqualTo(Status.CRIT);
        assertThat(r.message()).contains("db-1 paused (I/O error)").contains("app-1 crashed (guest panic)")
                .contains("batch-1 shut off (destroyed), but set to autostart").contains("qemu process for 'ghost-9' has no libvirt domain");
    }

    @Test
    void aVmRunningOnTwoHypervisorsIsASplitBrainOnBoth() {
        List<Finding> f = List.of(
                new Finding("cna-01", "vm-states", Status.OK, "1 VM, 1 running", List.of(), List.of("running: web-1 u-1"), 0),
                new Finding("cna-02", "vm-states", Status.OK, "1 VM, 1 running", List.of(), List.of("running: web-1 u-1"), 0),
                new Finding("cna-03", "vm-states", Status.OK, "1 VM, 1 running", List.of(), List.of("running: web-2 u-2"), 0));
        List<Finding> out = new VmStatesCheck().acrossNodes(f);
        assertThat(out).extracting(Finding::status).containsExactly(Status.CRIT, Status.CRIT, Status.OK);
        assertThat(out.get(0).message()).contains("web-1 runs on cna-01 and cna-02 at once (split brain)");
    }

    /** A BMC reader answering with fixed readings, counting clears. */
    static final class FakeBmc implements BmcReader {
        List<Sensor> sensors = List.of();
        List<SelEntry> entries = new ArrayList<>();
        Integer used = 10;
        int clears;

        @Override
        public List<Sensor> sensors() {
            return sensors;
        }

        @Override
        public EventLog events() {
            return new EventLog(entries, used);
        }

        @Override
        public void clearEvents() {
            clears++;
            entries = new ArrayList<>();
            used = 0;
        }
    }

    @Test
    void bmcSensorsJudgesByTheBmcsThresholdsAndTheOperatorsRules() throws Exception {
        FakeBmc bmc = new FakeBmc();
        bmc.sensors = List.of(
                new Sensor("CPU1 Temp", "temperature", 95.0, "degrees C", "ucr", null, null, 5.0, 80.0, 90.0, 100.0, List.of()),
                Sensor.discrete("PS1 Status", "power-supply", "ok", List.of("Presence detected", "Failure detected")),
                Sensor.discrete("PS2 Status", "power-supply", "ok", List.of("Presence detected")),
                new Sensor("System Fan 1", "fan", 5400.0, "RPM", "ok", null, 600.0, 900.0, null, null, null, List.of()));
        CheckResult r = run(new BmcSensorsCheck(), Map.of(), null, null, bmc);
        assertThat(r.status()).isEqualTo(Status.CRIT);
        assertThat(r.message()).isEqualTo("4 sensors: CPU1 Temp: 95C >= 90 (upper critical); PS1 Status: Failure detected");
        assertThat(r.metrics()).anyMatch(m -> m.name().equals("CPU1 Temp") && m.value() == 95.0 && m.crit() == 90.0 && m.unit().equals("C"));
        CheckResult own = run(new BmcSensorsCheck(), Map.of(), "  hardware: {sensors: {'CPU1 Temp': {warn: 96, crit: 99}, 'PS*': {ignore: true}}}\n", null, bmc);
        assertThat(own.status()).as(own.message()).isEqualTo(Status.OK);
        assertThat(own.message()).isEqualTo("2 sensors (2 ignored), all within the BMC's thresholds");
        BmcReader down = new BmcReader() {
            @Override
            public List<Sensor> sensors() throws BmcReadException {
                throw new BmcReadException("BMC 127.0.2.1:623 does not answer", true);
            }

            @Override
            public EventLog events() throws BmcReadException {
                throw new BmcReadException("BMC 127.0.2.1:623 does not answer", true);
            }

            @Override
            public void clearEvents() {
            }
        };
        CheckResult unreachable = run(new BmcSensorsCheck(), Map.of(), null, null, down);
        assertThat(unreachable.status()).isEqualTo(Status.UNKNOWN);
        assertThat(unreachable.message()).isEqualTo("BMC not read: BMC 127.0.2.1:623 does not answer");
    }

    @Test
    void bmcEventsReportsEachEntryOnceAndClearsOnlyAfterStoring() throws Exception {
        FakeBmc bmc = new FakeBmc();
        bmc.entries.add(new SelEntry("1", "06/03/2014 17:38:05", "Memory Mmry ECC Sensor", "Uncorrectable ECC", true, null));
        bmc.entries.add(new SelEntry("2", "06/03/2014 17:38:06", "Fan #0x0c", "Redundancy Lost", true, null));
        CheckResult first = run(new BmcEventsCheck(), Map.of(), null, null, bmc);
        assertThat(first.status()).isEqualTo(Status.CRIT);
        assertThat(first.message()).startsWith("2 new entries (first read of this log): 1 critical, 1 warning; 06/03/2014 17:38:05 Memory Mmry ECC Sensor: Uncorrectable ECC");
        CheckResult again = run(new BmcEventsCheck(), Map.of(), null, null, bmc);
        assertThat(again.status()).isEqualTo(Status.OK);
        assertThat(again.message()).isEqualTo("0 new entries since the last run");
        bmc.entries.add(new SelEntry("3", "06/04/2014 01:00:00", "Power Supply PS1 Status", "Power Supply AC lost", true, null));
        bmc.used = 80;
        HealthcheckConfig cfg = HealthcheckConfig.load(Files.writeString(dir.resolve("vigil.yaml"), "healthcheck: {}\n"));
        CheckResult cleared = new BmcEventsCheck().run(new CheckContext(NODE, new Scripted(NODE, Map.of()), new Settings(cfg, NODE),
                Duration.ofSeconds(5), env(null, bmc, true)));
        assertThat(cleared.message()).startsWith("1 new entry since the last run: 1 critical").contains("cleared at 80% full");
        assertThat(bmc.clears).isEqualTo(1);
        assertThat(new dev.vigil.healthcheck.hardware.EventStore(dir.resolve("bmc-events")).stored(NODE.name())).hasSize(3);
        assertThat(Files.getPosixFilePermissions(dir.resolve("bmc-events"))).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }
}
