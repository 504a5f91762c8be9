package dev.vigil.healthcheck.parse;

import dev.vigil.healthcheck.Probes;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parsers on output captured from real nodes and daemons (see each fixture's name). */
class ParsersTest {
    @Test
    void mounts_stackedMountKeepsTheTopOne_andPercentagesFollowDf() {
        // captured on a fleet node after mounting a 64-inode tmpfs over /var/log and creating 50 files
        List<MountStats.Mount> mounts = MountStats.parse(Probes.text("mounts-node-full-varlog.txt"));
        assertThat(mounts).extracting(MountStats.Mount::mountPoint)
                .containsExactly("/", "/var/log", "/var/crash", "/etc/vigil-app", "/srv/vigil-data", "/root");
        MountStats.Mount log = mounts.get(1);
        assertThat(log.fsType()).isEqualTo("tmpfs");
        assertThat(log.inodesPct()).isEqualTo(79.7);
        assertThat(log.spacePct()).isEqualTo(0.0);
        MountStats.Mount root = mounts.get(0);
        // used = 66053021-60218772 = 5834249 blocks; used / (used + avail 20763479) = 21.93%
        assertThat(root.spacePct()).isEqualTo(21.9);
        assertThat(root.inodesPct()).isEqualTo(2.7);
        assertThat(root.sizeBytes()).isEqualTo(66053021L * 4096);
    }

    @Test
    void mounts_hungAndErrorLines() {
        List<MountStats.Mount> m = MountStats.parse("HUNG\t/mnt/nfs\tnfs4\nERR\t/mnt/x\tfuse.sshfs\tstat: Permission denied\n");
        assertThat(m.get(0).state()).isEqualTo(MountStats.State.HUNG);
        assertThat(m.get(1).state()).isEqualTo(MountStats.State.ERROR);
        assertThat(m.get(1).error()).contains("Permission denied");
        assertThatThrownBy(() -> MountStats.parse("garbage")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cpu_busyFromTwoSamplesOfProcStat() {
        // captured: one second apart on an idle 2-core machine; deltas: system +1, idle +200
        CpuStats.Sample s = CpuStats.parse(Probes.text("proc-stat-2samples.txt") + "2\n0.52 0.40 0.33 1/150 4242\n");
        assertThat(s.busyPct()).isEqualTo(0.5);
        assertThat(s.cpus()).isEqualTo(2);
        assertThat(s.load1()).isEqualTo(0.52);
        assertThatThrownBy(() -> CpuStats.parse("cpu 1 2 3\n")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void memory_usedFromMemAvailable() {
        String text = Probes.text("proc-meminfo.txt");
        MemInfo.Usage u = MemInfo.parse(text);
        long total = value(text, "MemTotal");
        long avail = value(text, "MemAvailable");
        assertThat(u.totalKb()).isEqualTo(total);
        assertThat(u.usedPct()).isEqualTo(Math.round(1000.0 * (total - avail) / total) / 10.0);
        assertThat(u.swapUsedPct()).as("the capture machine has no swap").isNull();
        MemInfo.Usage swapping = MemInfo.parse("MemTotal: 1000 kB\nMemAvailable: 100 kB\nSwapTotal: 400 kB\nSwapFree: 100 kB\n");
        assertThat(swapping.usedPct()).isEqualTo(90.0);
        assertThat(swapping.swapUsedPct()).isEqualTo(75.0);
    }

    private static long value(String meminfo, String key) {
        return meminfo.lines().filter(l -> l.startsWith(key + ":")).map(l -> Long.parseLong(l.split("\\s+")[1])).findFirst().orElseThrow();
    }

    @Test
    void ps_pidStatCommArgs() {
        List<ProcessTable.Proc> procs = ProcessTable.parse(Probes.text("ps-host.txt"));
        assertThat(procs).hasSizeGreaterThan(20);
        assertThat(procs.get(0).pid()).isEqualTo(1);
        assertThat(procs.get(0).comm()).isEqualTo("process_api");
        assertThat(procs.get(0).args()).startsWith("/process_api --firecracker-init");
        assertThat(ProcessTable.parse("  7 Z+   defunct [defunct] <defunct>\n").get(0).zombie()).isTrue();
    }

    @Test
    void chrony_realTrackingOutput() {
        // captured from chronyd 4.3 with "local stratum 10" (synchronised) and with an unreachable server
        TimeSync.State synced = TimeSync.parse("#chrony\n" + Probes.text("chronyc-tracking-local.txt") + "#rc=0\n#end\n");
        assertThat(synced.daemon()).isEqualTo("chrony");
        assertThat(synced.synchronised()).isTrue();
        assertThat(synced.leap()).isEqualTo("Normal");
        assertThat(synced.offsetMs()).isEqualTo(0.0);
        TimeSync.State not = TimeSync.parse("#chrony\n" + Probes.text("chronyc-tracking-unsynced.txt") + "#rc=0\n#end\n");
        assertThat(not.synchronised()).isFalse();
        assertThat(not.leap()).isEqualTo("Not synchronised");
        TimeSync.State slow = TimeSync.chrony("System time     : 0.012500000 seconds slow of NTP time\nLeap status     : Normal\n");
        assertThat(slow.offsetMs()).isEqualTo(-12.5);
    }

    @Test
    void noDaemonAnswering_isNone_withWhatWasSeen() {
        // captured on the fleet nodes: chronyc installed, chronyd not running; no systemd
        TimeSync.State s = TimeSync.parse("#chrony\n506 Cannot talk to daemon\n#rc=1\n#timedatectl\nSystem has not been booted with systemd "
                + "as init system (PID 1). Can't operate.\n#rc=1\n#end\n");
        assertThat(s.running()).isFalse();
        assertThat(s.daemon()).isEqualTo("none");
        assertThat(s.detail()).contains("506 Cannot talk to daemon").contains("System has not been booted with systemd");
        assertThat(TimeSync.parse("#end\n").detail()).isEqualTo("no chronyc, timedatectl or ntpq on the node");
    }

    @Test
    void timedatectlAndNtpq_formats() {
        // formats as documented by systemd (timedatectl show) and ntpq(1); not captured here (no systemd, no ntpd)
        TimeSync.State t = TimeSync.parse("#timedatectl\nTimezone=Etc/UTC\nLocalRTC=no\nCanNTP=yes\nNTP=yes\nNTPSynchronized=yes\n"
                + "TimeUSec=Sat 2026-11-21 08:40:00 UTC\n#rc=0\n#end\n");
        assertThat(t.daemon()).isEqualTo("systemd-timesyncd");
        assertThat(t.synchronised()).isTrue();
        String ntpq = "     remote           refid      st t when poll reach   delay   offset  jitter\n"
                + "==============================================================================\n"
                + "*10.0.0.1        .GPS.            1 u   33   64  377    0.412   -0.157   0.052\n"
                + "+10.0.0.2        10.0.0.1         2 u   12   64  377    0.501    0.221   0.071\n";
        TimeSync.State n = TimeSync.parse("#ntpq\n" + ntpq + "#rc=0\n#end\n");
        assertThat(n.daemon()).isEqualTo("ntpd");
        assertThat(n.synchronised()).isTrue();
        assertThat(n.offsetMs()).isEqualTo(-0.157);
        assertThat(TimeSync.parse("#ntpq\n" + ntpq.replace('*', ' ') + "#rc=0\n#end\n").synchronised()).isFalse();
    }

    @Test
    void logTimestamps_isoAndClassic() {
        Instant now = Instant.parse("2026-11-21T09:00:00Z");
        assertThat(LogLines.timestamp("2026-11-21T08:40:01.123456+00:00 node-1 kernel: Out of memory", ZoneOffset.UTC, now))
                .isEqualTo(Instant.parse("2026-11-21T08:40:01.123456Z"));
        assertThat(LogLines.timestamp("2026-11-21T08:40:01+0100 node-1 kernel: x", ZoneOffset.UTC, now))
                .isEqualTo(Instant.parse("2026-11-21T07:40:01Z"));
        assertThat(LogLines.timestamp("Nov 21 08:40:01 node-1 kernel: x", ZoneOffset.UTC, now))
                .isEqualTo(Instant.parse("2026-11-21T08:40:01Z"));
        assertThat(LogLines.timestamp("Dec 31 23:59:59 node-1 kernel: x", ZoneOffset.UTC, Instant.parse("2027-01-01T00:10:00Z")))
                .as("last year's line read on new year's day").isEqualTo(Instant.parse("2026-12-31T23:59:59Z"));
        assertThat(LogLines.timestamp("no timestamp here", ZoneOffset.UTC, now)).isNull();
    }
}
