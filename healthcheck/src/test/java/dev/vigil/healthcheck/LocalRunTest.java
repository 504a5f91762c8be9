package dev.vigil.healthcheck;

import dev.vigil.core.fleet.FleetListener;
import dev.vigil.core.fleet.FleetRunner;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Finding;
import dev.vigil.core.result.Report;
import dev.vigil.core.result.Status;
import dev.vigil.core.transport.Connections;
import dev.vigil.core.transport.SshOptions;
import dev.vigil.healthcheck.history.Baseline;
import dev.vigil.healthcheck.history.RunHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every check through the runner on this machine (the local transport): real probes, real judgement. */
class LocalRunTest {
    @TempDir
    Path dir;

    private final Node local = Node.localhost();

    private Report run(String healthcheckYaml, List<String> checks, Baseline baseline, RunHistory.SavedRun previous,
                       List<RunEnvironment.Alarm> alarms, Node... nodes) throws Exception {
        Path cfgFile = dir.resolve("vigil.yaml");
        Files.writeString(cfgFile, "healthcheck:\n" + healthcheckYaml);
        HealthcheckConfig cfg = HealthcheckConfig.load(cfgFile);
        Instant start = Instant.now();
        RunEnvironment env = new RunEnvironment(start, previous, baseline == null ? Baseline.load(dir) : baseline,
                start.minus(Duration.ofHours(1)), alarms, null);
        SshOptions ssh = new SshOptions(null, null, List.of(), dir.resolve("kh"), List.of(), false, Duration.ofSeconds(2),
                Duration.ofSeconds(15), 3, null, null, null, false);
        try (Connections c = new Connections(ssh, Map.of())) {
            FleetRunner fleet = new FleetRunner(c, 4, Duration.ofSeconds(60), FleetListener.NONE);
            return new HealthcheckRunner(cfg, Checks.builtIn().select(checks), env, List.of())
                    .run(HealthcheckRunner.newRunId(start), nodes.length == 0 ? List.of(local) : List.of(nodes), fleet);
        }
    }

    private static Finding find(Report r, String check) {
        return r.findings().stream().filter(f -> f.item().equals(check)).findFirst().orElseThrow();
    }

    @Test
    void allChecks_runOnTheLocalMachine_andNoneCrashes() throws Exception {
        Report r = run("  cpu_interval: 200ms\n", null, null, null, List.of());
        assertThat(r.findings()).extracting(Finding::item).containsExactly("disk-space", "disk-inodes", "cpu", "memory", "processes",
                "config-integrity", "clock-sync", "logs", "alarms", "heartbeat", "vm-states", "bmc-sensors", "bmc-events", "disks-smart", "raid",
                "multipath", "network-bonds", "memory-errors", "trend");
        assertThat(r.findings()).noneMatch(f -> f.message().startsWith("internal error"));
        assertThat(find(r, "disk-space").metrics()).anySatisfy(m -> assertThat(m.name()).isEqualTo("/"));
        assertThat(find(r, "memory").status()).isIn(Status.OK, Status.WARN, Status.CRIT);
    }

    @Test
    void processes_missingIsCrit_presentIsOk() throws Exception {
        Report r = run("  processes: [{name: java, min: 1}, {regex: 'vigil-no-such-process-[0-9]+', min: 1}]\n",
                List.of("processes"), null, null, List.of());
        Finding f = find(r, "processes");
        assertThat(f.status()).isEqualTo(Status.CRIT);
        assertThat(f.message()).startsWith("~vigil-no-such-process-[0-9]+: 0 running, expected at least 1");
        assertThat(run("  processes: [{name: java}]\n", List.of("processes"), null, null, List.of()).findings().get(0).status())
                .isEqualTo(Status.OK);
    }

    @Test
    void configIntegrity_againstTheBaseline() throws Exception {
        Path etc = dir.resolve("etc app");
        Files.createDirectories(etc);
        Files.writeString(etc.resolve("a.conf"), "x=1\n");
        Files.writeString(etc.resolve("b.json"), "{\"ok\": true}\n");
        String yaml = "  config_files: ['" + etc + "/*.conf', '" + etc + "/*.json']\n";
        Report noBaseline = run(yaml, List.of("config-integrity"), null, null, List.of());
        assertThat(noBaseline.findings().get(0).status()).isEqualTo(Status.WARN);
        assertThat(noBaseline.findings().get(0).message()).contains("no baseline recorded");

        Baseline baseline = Baseline.load(dir);
        HealthcheckConfig cfg = HealthcheckConfig.load(dir.resolve("vigil.yaml"));
        try (dev.vigil.core.transport.LocalTransport t = new dev.vigil.core.transport.LocalTransport(local)) {
            CheckContext ctx = CheckContextFactory.create(local, t, cfg, null);
            baseline.record(local.name(), dev.vigil.healthcheck.checks.ConfigIntegrityCheck.snapshot(ctx, new java.util.ArrayList<>()));
        }
        baseline.save();
        assertThat(baseline.forNode("localhost")).hasSize(2);
        assertThat(run(yaml, List.of("config-integrity"), Baseline.load(dir), null, List.of()).findings().get(0).status()).isEqualTo(Status.OK);

        Files.writeString(etc.resolve("a.conf"), "x=2\n");
        Files.writeString(etc.resolve("b.json"), "{\"ok\": tru\n");
        Files.writeString(etc.resolve("c.conf"), "new\n");
        Finding f = run(yaml, List.of("config-integrity"), Baseline.load(dir), null, List.of()).findings().get(0);
        assertThat(f.status()).isEqualTo(Status.CRIT);
        assertThat(f.details()).anySatisfy(d -> assertThat(d).startsWith(etc + "/a.conf: content modified"))
                .anySatisfy(d -> assertThat(d).startsWith(etc + "/b.json: no longer parses as json"))
                .anySatisfy(d -> assertThat(d).isEqualTo(etc + "/c.conf: new since the baseline"));
        Files.delete(etc.resolve("a.conf"));
        assertThat(run(yaml, List.of("config-integrity"), Baseline.load(dir), null, List.of()).findings().get(0).details())
                .contains(etc + "/a.conf: missing");
    }

    @Test
    void heartbeats_onTimeMissedAndAbsent() throws Exception {
        long now = Instant.now().getEpochSecond();
        Files.writeString(dir.resolve("fresh"), now + "\n");
        Files.writeString(dir.resolve("stale"), (now - 90) + "\n");
        Files.writeString(dir.resolve("dead"), Instant.ofEpochSecond(now - 400).toString() + "\n");
        String yaml = "  heartbeats:\n"
                + "    - {name: fresh, timestamp_file: " + dir.resolve("fresh") + ", period: 40s}\n"
                + "    - {name: stale, timestamp_file: " + dir.resolve("stale") + ", period: 40s}\n"
                + "    - {name: dead, timestamp_file: " + dir.resolve("dead") + ", period: 40s}\n"
                + "    - {name: gone, file: " + dir.resolve("nothing-here") + "}\n"
                + "    - {name: cmd, command: 'date +%s'}\n";
        Finding f = run(yaml, List.of("heartbeat"), null, null, List.of()).findings().get(0);
        assertThat(f.status()).isEqualTo(Status.CRIT);
        assertThat(f.details()).anySatisfy(d -> assertThat(d).startsWith("OK fresh: last beat"))
                .anySatisfy(d -> assertThat(d).startsWith("WARN stale: last beat").contains("2 missed"))
                .anySatisfy(d -> assertThat(d).startsWith("CRIT dead: last beat").contains("10 missed"))
                .anySatisfy(d -> assertThat(d).startsWith("CRIT gone: no heartbeat found"))
                .anySatisfy(d -> assertThat(d).startsWith("OK cmd:"));
    }

    @Test
    void logs_countsSignaturesSinceTheLastRunOnly() throws Exception {
        DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneId.systemDefault());
        Path log = dir.resolve("messages");
        Files.writeString(log, iso.format(Instant.now().minus(Duration.ofDays(2))) + " host kernel: Out of memory: Killed process 1 (old)\n"
                + iso.format(Instant.now().minusSeconds(60)) + " host kernel: Out of memory: Killed process 4242 (qemu-kvm)\n"
                + iso.format(Instant.now().minusSeconds(30)) + " host sshd[1]: Accepted publickey for root\n"
                + iso.format(Instant.now().minusSeconds(20)) + " host kernel: EXT4-fs error (device sda1): bad block\n");
        Finding f = run("  logs: {files: ['" + log + "'], journal: false}\n", List.of("logs"), null, null, List.of()).findings().get(0);
        assertThat(f.status()).isEqualTo(Status.CRIT);
        assertThat(f.message()).contains("2 error lines since").contains("1 fs-error").contains("1 oom-kill");
        assertThat(f.details()).hasSize(2).anySatisfy(d -> assertThat(d).contains("Killed process 4242"));
        Finding none = run("  logs: {files: ['" + dir.resolve("absent") + "'], journal: false}\n", List.of("logs"), null, null, List.of())
                .findings().get(0);
        assertThat(none.status()).as("nothing to look at is not OK").isEqualTo(Status.UNKNOWN);
    }

    @Test
    void logs_aConfiguredFileThatIsMissing_isNotOk_andIsNamed() throws Exception {
        Path log = dir.resolve("messages");
        Files.writeString(log, "nothing to see\n");
        Finding f = run("  logs: {files: ['" + log + "', '" + dir.resolve("typo-messages") + "'], journal: false}\n", List.of("logs"), null, null,
                List.of()).findings().get(0);
        assertThat(f.status()).isEqualTo(Status.UNKNOWN);
        assertThat(f.message()).contains("not read: " + dir.resolve("typo-messages") + " (missing or unreadable)");
    }

    @Test
    void logs_anEmptyJournal_isSaidPlainly_notCountedAsLookedAt() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "command -v journalctl >/dev/null && journalctl --no-pager -q -n 1 -o cat 2>/dev/null | head -c 1")
                .start();
        String any = new String(p.getInputStream().readAllBytes());
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0 && any.isEmpty(), "needs journalctl with an empty journal (as in a container)");
        Path log = dir.resolve("messages");
        Files.writeString(log, "nothing to see\n");
        Finding f = run("  logs: {files: ['" + log + "'], journal: true}\n", List.of("logs"), null, null, List.of()).findings().get(0);
        assertThat(f.message()).contains("not read: the journal (journalctl finds no entries)");
        assertThat(f.status()).isEqualTo(Status.UNKNOWN);
    }

    @Test
    void alarms_forTheNode_andClearedSinceTheLastRun() throws Exception {
        List<RunEnvironment.Alarm> alarms = List.of(
                new RunEnvironment.Alarm("DiskFailing", "critical", "localhost", "sda smart", null, "file"),
                new RunEnvironment.Alarm("Other", "critical", "someone-else", null, null, "file"));
        Report first = run("", List.of("alarms"), null, null, alarms);
        Finding f = first.findings().get(0);
        assertThat(f.status()).isEqualTo(Status.CRIT);
        assertThat(f.message()).isEqualTo("1 active: DiskFailing");
        new RunHistory(dir).save(first);
        Finding later = run("", List.of("alarms"), null, new RunHistory(dir).latestOrNull(), List.of()).findings().get(0);
        assertThat(later.status()).isEqualTo(Status.OK);
        assertThat(later.message()).isEqualTo("no active alarms; cleared since the last run: DiskFailing");
    }

    @Test
    void unreachableNode_isUnknownForEveryCheck_andTheOthersAreJudged() throws Exception {
        Node down = new Node("down-1", "127.0.0.1", 1, "root", List.of(), false, Set.of(), Map.of(), null);
        Report r = run("", List.of("memory", "processes"), null, null, List.of(), local, down);
        assertThat(r.findings()).filteredOn(f -> f.node().equals("down-1")).extracting(Finding::status).containsOnly(Status.UNKNOWN);
        assertThat(r.findings()).filteredOn(f -> f.node().equals("down-1")).allSatisfy(f ->
                assertThat(f.message()).startsWith("node unreachable:").contains("connection refused"));
        assertThat(r.findings()).filteredOn(f -> f.node().equals("localhost")).extracting(Finding::status).doesNotContain(Status.UNKNOWN);
    }

    /** The VMs check with the real virsh against libvirt's test driver (no daemon needed): crashed CRIT, paused WARN, expected running. */
    @Test
    void vms_crashedIsCrit_pausedWarn_andAnExpectedOneThatIsOffToo() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/virsh")), "virsh (Debian libvirt-clients) is not installed");
        Path xml = dir.resolve("node.xml");
        try (var in = LocalRunTest.class.getResourceAsStream("/libvirt/test-driver-four-domains.xml")) {
            Files.write(xml, in.readAllBytes());
        }
        Finding f = find(run("  vms: {uri: 'test://" + xml + "'}\n", List.of("vms"), null, null, List.of()), "vm-states");
        assertThat(f.status()).as(f.message()).isEqualTo(Status.CRIT);
        assertThat(f.message()).contains("4 VMs, 1 running").contains("vm-crashed-panicked crashed").contains("vm-paused-ioerror paused")
                .doesNotContain("vm-shutoff");
        // dominfo through the real virsh: the running domain's UUID (for the split-brain view), autostart off
        assertThat(f.details()).anyMatch(d -> d.matches("running: vm-running [0-9a-f]{8}-[0-9a-f-]{27}"));
        assertThat(f.details()).contains("vm-crashed-panicked: crashed (unknown)");
        Finding expected = find(run("  vms: {uri: 'test://" + xml + "', expected_running: [vm-shutoff]}\n", List.of("vms"), null, null, List.of()), "vm-states");
        assertThat(expected.message()).contains("vm-shutoff shut off, expected running");
        Finding none = find(run("  vms: {uri: 'test://" + xml + "', groups: [compute]}\n", List.of("vms"), null, null, List.of()), "vm-states");
        assertThat(none.status()).as("localhost is in no group: not a hypervisor").isEqualTo(Status.OK);
        assertThat(none.message()).contains("not a hypervisor");
    }
}
