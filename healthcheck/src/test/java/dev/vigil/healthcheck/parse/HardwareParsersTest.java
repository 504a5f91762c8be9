package dev.vigil.healthcheck.parse;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-band hardware parsers on real captures (../shared/fixtures, origins in its README) where any exist. */
public class HardwareParsersTest {
    public static String resource(String path) throws IOException {
        try (InputStream in = HardwareParsersTest.class.getResourceAsStream("/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static MdStat.Array array(List<MdStat.Array> all, String name) {
        return all.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void mdstatDegradedRaid5WithAMissingMember() throws IOException {
        List<MdStat.Array> a = MdStat.parse(resource("linux/proc-mdstat-raid5-degraded-member-missing.txt"));
        assertThat(a).singleElement().satisfies(md -> {
            assertThat(md.level()).isEqualTo("raid5");
            assertThat(md.degraded()).isTrue();
            assertThat(md.wanted()).isEqualTo(4);
            assertThat(md.working()).isEqualTo(3);
            assertThat(md.mask()).isEqualTo("UUU_");
            assertThat(md.failed()).isEmpty();
        });
    }

    @Test
    void mdstatHealthyArraysWithAScrubRunning() throws IOException {
        List<MdStat.Array> a = MdStat.parse(resource("linux/proc-mdstat-raid10-check-running-raid1-healthy.txt"));
        assertThat(a).hasSize(3).noneMatch(MdStat.Array::degraded);
        assertThat(a).anyMatch(x -> "check".equals(x.action()) && x.progress() == 94.3);
    }

    @Test
    void mdstatEveryStateOfNodeExportersComposite() throws IOException {
        List<MdStat.Array> a = MdStat.parse(resource("linux/proc-mdstat-many-states-node-exporter-composite.txt"));
        MdStat.Array md6 = array(a, "md6");
        assertThat(md6.degraded()).isTrue();
        assertThat(md6.failed()).containsExactly("sdb2");
        assertThat(md6.action()).isEqualTo("recovery");
        assertThat(md6.progress()).isEqualTo(8.5);
        MdStat.Array md4 = array(a, "md4");
        assertThat(md4.active()).isFalse();
        assertThat(md4.level()).isEqualTo("raid1");
        assertThat(array(a, "md9").action()).isEqualTo("resync");
        assertThat(array(a, "md9").progress()).isEqualTo(-1);
        assertThat(array(a, "md9").degraded()).isFalse();
        assertThat(array(a, "md9").failed()).containsExactly("sde", "sdf");
        assertThat(array(a, "md11").readOnly()).isEqualTo("auto-read-only");
        assertThat(array(a, "md10").wanted()).isNull();
        assertThat(array(a, "md7").degraded()).isTrue();
        assertThat(a).extracting(MdStat.Array::name).doesNotHaveDuplicates();
    }

    @Test
    void bondingActiveBackupWithASlaveDown() throws IOException {
        Bonding.Bond b = Bonding.parse(resource("linux/proc-net-bonding-bond0-active-backup-slave-down.txt"));
        assertThat(b.mode()).isEqualTo("fault-tolerance (active-backup)");
        assertThat(b.up()).isTrue();
        assertThat(b.activeSlave()).isEqualTo("eth2");
        assertThat(b.slaves()).extracting(Bonding.Slave::name, Bonding.Slave::up, Bonding.Slave::speed, Bonding.Slave::linkFailures)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("eth3", false, 1000, 2), org.assertj.core.groups.Tuple.tuple("eth2", true, 100, 0));
    }

    @Test
    void bonding8023adWithoutAnActiveAggregatorAndWithAChurnedSlave() throws IOException {
        Bonding.Bond none = Bonding.parse(resource("linux/proc-net-bonding-bond0-802.3ad-no-active-aggregator.txt"));
        assertThat(none.noActiveAggregator()).isTrue();
        Bonding.Bond down = Bonding.parse(resource("linux/proc-net-bonding-bond0-802.3ad-slave-down.txt"));
        assertThat(down.noActiveAggregator()).isFalse();
        assertThat(down.slaves()).anyMatch(s -> s.name().equals("enp0s8") && !s.up() && s.speed() == null);
        Bonding.Bond healthy = Bonding.parse(resource("linux/proc-net-bonding-bond0-active-backup-healthy-10g.txt"));
        assertThat(healthy.slaves()).allMatch(Bonding.Slave::up).extracting(Bonding.Slave::speed).containsOnly(10000);
        assertThat(healthy.activeSlave()).isEqualTo("enp17s0f0");
        assertThatThrownBy(() -> Bonding.parse("hello")).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Written for this test in the layout of multipath-tools' {@code multipath -ll} (0.8/0.9): no licensed capture with
     * failed paths exists (../shared/fixtures/README.md, "Not found").
     */
    public static final String MULTIPATH = """
            mpatha (3600508b4000156d700012000000b0000) dm-0 HP,HSV210
            size=10G features='1 queue_if_no_path' hwhandler='1 alua' wp=rw
            |-+- policy='service-time 0' prio=50 status=active
            | |- 0:0:0:1 sda 8:0   active ready running
            | `- 1:0:0:1 sdc 8:32  failed faulty running
            `-+- policy='service-time 0' prio=10 status=enabled
              |- 0:0:1:1 sdb 8:16  active ghost running
              `- 1:0:1:1 sdd 8:48  active ready running
            mpathb (36001405abcdef0000000000000000001) dm-1 LIO-ORG,disk1
            size=5.0G features='0' hwhandler='1 alua' wp=rw
            `-+- policy='service-time 0' prio=0 status=enabled
              |- 2:0:0:0 sde 8:64  failed faulty offline
              `- 3:0:0:0 sdf 8:80  failed faulty offline
            """;

    @Test
    void multipathMapsWithFailedFaultyAndGhostPaths() {
        List<Multipath.Map> m = Multipath.parse(MULTIPATH);
        assertThat(m).extracting(Multipath.Map::name).containsExactly("mpatha", "mpathb");
        assertThat(m.get(0).wwid()).isEqualTo("3600508b4000156d700012000000b0000");
        assertThat(m.get(0).paths()).hasSize(4);
        assertThat(m.get(0).failedPaths()).isEqualTo(1);
        assertThat(m.get(1).failedPaths()).isEqualTo(2);
    }

    /** Written for this test from the kernel's EDAC sysfs ABI (../shared/fixtures/linux/edac-sysfs-layout.md): no real tree exists. */
    public static final String EDAC = """
            /sys/devices/system/edac/mc/mc0/ce_count 7
            /sys/devices/system/edac/mc/mc0/ue_count 0
            /sys/devices/system/edac/mc/mc0/ce_noinfo_count 0
            /sys/devices/system/edac/mc/mc0/ue_noinfo_count 0
            /sys/devices/system/edac/mc/mc0/dimm0/dimm_ce_count 7
            /sys/devices/system/edac/mc/mc0/dimm0/dimm_ue_count 0
            /sys/devices/system/edac/mc/mc0/dimm0/dimm_label CPU_SrcID#0_MC#0_Chan#0_DIMM#0
            /sys/devices/system/edac/mc/mc1/ce_count 0
            /sys/devices/system/edac/mc/mc1/ue_count 1
            """;

    @Test
    void edacCountersPerControllerAndDimmWithLabels() {
        Edac.Counters c = Edac.parse(EDAC);
        assertThat(c.total("ce_count")).isEqualTo(7);
        assertThat(c.total("ue_count")).isEqualTo(1);
        assertThat(c.counters()).containsEntry("mc0.dimm0.dimm_ce_count", 7L);
        assertThat(c.labels()).containsEntry("mc0.dimm0", "CPU_SrcID#0_MC#0_Chan#0_DIMM#0");
    }

    @Test
    void smartScanOfSevenDisksAndOfAMegaraidController() throws IOException {
        assertThat(Smart.scan(resource("smartctl/scan-sata-7-disks.json"))).hasSize(7).allMatch(d -> d.name().startsWith("/dev/sd"));
        assertThat(Smart.scan(resource("smartctl/scan-megaraid.json"))).extracting(Smart.Device::type).containsExactly("megaraid,0", "megaraid,1");
        assertThatThrownBy(() -> Smart.scan("smartctl: command not found")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void smartReportsOfAtaNvmeAndScsiDisks() throws IOException {
        Smart.Report failed = Smart.report(resource("smartctl/sata-hdd-failed-hitachi-hds721050dle630-usb-a.json"));
        assertThat(failed.passed()).isFalse();
        assertThat(failed.exitStatus()).isEqualTo(216);
        assertThat(failed.attribute(5).raw()).isEqualTo(1975);
        assertThat(failed.attribute(5).failingNow()).isTrue();
        assertThat(failed.attribute(197).raw()).isEqualTo(8);
        Smart.Report nvme = Smart.report(resource("smartctl/nvme-failed-critical-warning-samsung-mzwll3t2hajq.json"));
        assertThat(nvme.protocol()).isEqualTo("NVMe");
        assertThat(nvme.nvmeCriticalWarning()).isEqualTo(16);
        assertThat(Smart.report(resource("smartctl/nvme-worn-75pct-intel-ssdpe2kx020t7.json")).nvmePercentUsed()).isEqualTo(75);
        assertThat(Smart.report(resource("smartctl/nvme-media-errors-samsung-970evo-x.json")).nvmeMediaErrors()).isEqualTo(7);
        Smart.Report sas = Smart.report(resource("smartctl/sas-grown-defects-seagate-st373453lc.json"));
        assertThat(sas.scsiGrownDefects()).isEqualTo(260);
        assertThat(sas.scsiUncorrected()).isEqualTo(536);
    }

    @Test
    void virshReasonsAutostartUuidsQemuGuestsAndXl() {
        var d = Virt.domains("vm-a\tpaused (I/O error)\tdisable\t6695eb01-f6a4-8304-79aa-97f2502e1902\n"
                + "vm b\tcrashed (panicked)\tenable\t\nvm-c\tshut off\tenable\tx\n");
        assertThat(d.get("vm-a").state()).isEqualTo("paused");
        assertThat(d.get("vm-a").reason()).isEqualTo("I/O error");
        assertThat(d.get("vm b").reason()).isEqualTo("panicked");
        assertThat(d.get("vm b").autostart()).isTrue();
        assertThat(d.get("vm-c").reason()).isNull();
        assertThat(Virt.qemuGuests("/usr/bin/qemu-system-x86_64 -name guest=web-1,debug-threads=on -S\n"
                + "qemu-kvm -name db-2 -m 2048\n/usr/sbin/sshd -name nope\n")).containsExactly("web-1", "db-2");
        // written for this test in xl's layout (no licensed capture was found)
        List<Virt.XenDomain> xl = Virt.xl("""
                Name                                        ID   Mem VCPUs\tState\tTime(s)
                Domain-0                                     0  1024     4     r-----      93.1
                guest1                                       1   512     1     -b----       5.2
                guest2                                       2   512     1     ----c-       1.0
                guest3                                       3   512     1     --p---       2.0
                """);
        assertThat(xl).hasSize(4);
        assertThat(xl.get(2).crashed()).isTrue();
        assertThat(xl.get(3).paused()).isTrue();
        assertThatThrownBy(() -> Virt.xl("error")).isInstanceOf(IllegalArgumentException.class);
    }
}
