package dev.vigil.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Black-box collection, fault collection and the netconsole receiver against the fleet. */
class KboxE2ETest {
    @TempDir
    Path state;
    private Fleet fleet;

    @BeforeEach
    void setUp() throws Exception {
        fleet = Fleet.get();
        for (int i = 1; i <= Fleet.SIZE; i++) {
            Path d = fleet.nodeDir(i);
            for (String sub : List.of("etc-kbox", "pstore", "systemd-pstore", "var/crash", "var/log/kbox")) {
                clear(d.resolve(sub));
            }
        }
    }

    private static void clear(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
        }
    }

    private static String fixture(String name) throws Exception {
        try (InputStream in = KboxE2ETest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void plant(int node, String rel, String content) throws Exception {
        Path p = fleet.nodeDir(node).resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private VigilRun vigil(String... args) {
        List<String> all = new ArrayList<>(List.of("--state-dir", state.resolve("st").toString(), "--progress", "none",
                "-i", fleet.inventoryYaml().toString(), "--known-hosts", fleet.knownHosts().toString(), "--connect-timeout", "3s"));
        all.addAll(List.of(args));
        return VigilRun.run(all.toArray(new String[0]));
    }

    @Test
    void kboxCollect_fetchesExactlyThePlantedRecords_withSummaries_thenNothingNew() throws Exception {
        plant(3, "var/crash/127.0.0.1-2026-11-20-10:00:00/vmcore-dmesg.txt", fixture("vmcore-dmesg-null-deref.txt"));
        plant(4, "pstore/dmesg-ramoops-0", fixture("pstore-dmesg-gpf-panic.txt"));
        plant(5, "var/log/kbox/2026-11-20/last-screen.txt", "kbox last screen\nKernel panic - not syncing: hung_task: blocked tasks\n");
        plant(5, "etc-kbox/config", "kbox_enable=1\n");
        Path out = state.resolve("records");

        VigilRun first = vigil("kbox", "collect", "--out", out.toString(), "--format", "json");
        assertThat(first.exitCode).as(first.toString()).isZero();
        Map<String, List<String>> fresh = new TreeMap<>();
        for (JsonNode n : first.json()) {
            for (JsonNode c : n.get("new")) {
                fresh.computeIfAbsent(n.get("name").asText(), k -> new ArrayList<>()).add(c.get("kind").asText() + " " + c.get("source").asText());
            }
        }
        assertThat(fresh.keySet()).containsExactly("node-3", "node-4", "node-5");
        assertThat(fresh.get("node-3")).containsExactly("kdump /var/crash/127.0.0.1-2026-11-20-10:00:00/vmcore-dmesg.txt");
        assertThat(fresh.get("node-4")).containsExactly("pstore /sys/fs/pstore/dmesg-ramoops-0");
        assertThat(fresh.get("node-5")).containsExactlyInAnyOrder("kbox /var/log/kbox/2026-11-20/last-screen.txt", "kbox /etc/kbox/config");
        JsonNode n3 = first.node("node-3").get("new").get(0).get("summary");
        assertThat(n3.get("headline").asText()).isEqualTo("BUG: kernel NULL pointer dereference, address: 0000000000000014");
        assertThat(n3.get("function").asText()).isEqualTo("smc_llc_add_link_cont+0x160/0x270 [smc]");
        assertThat(first.node("node-4").get("new").get(0).get("summary").get("panic").asText())
                .isEqualTo("Kernel panic - not syncing: Fatal exception");
        assertThat(Files.readString(out.resolve("node-3/var/crash/127.0.0.1-2026-11-20-10:00:00/vmcore-dmesg.txt")))
                .isEqualTo(fixture("vmcore-dmesg-null-deref.txt"));
        assertThat(Files.readString(out.resolve("INDEX.txt"))).contains("== node-4").contains("__kobject_del+0x62/0x1c0");

        VigilRun second = vigil("kbox", "collect", "--out", out.toString(), "--clear-pstore");
        assertThat(second.exitCode).as(second.toString()).isZero();
        assertThat(second.stdout).contains("0 new records");
        assertThat(fleet.nodeDir(4).resolve("pstore/dmesg-ramoops-0")).as("cleared once stored").doesNotExist();
        assertThat(fleet.nodeDir(3).resolve("var/crash/127.0.0.1-2026-11-20-10:00:00/vmcore-dmesg.txt")).exists();
    }

    @Test
    void faultCollection_nodeDownInSummary_andAPlantedPasswordIsRedacted() throws Exception {
        Path conf = fleet.nodeDir(2).resolve("etc-app/secret.conf");
        Files.writeString(conf, "db_user=vrm\ndb_password=Pl4nted-Secret-77\n");
        fleet.stopNode(7);
        try {
            VigilRun r = vigil("collect", "--profile", "management", "--redact", "--out", state.resolve("bundles").toString());
            assertThat(r.exitCode).as("a node not reached: UNKNOWN\n" + r).isEqualTo(3);
            Path archive;
            try (Stream<Path> s = Files.list(state.resolve("bundles"))) {
                archive = s.filter(p -> p.toString().endsWith(".tar.gz")).findFirst().orElseThrow();
            }
            Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", state.toString()).redirectErrorStream(true).start();
            String tarOut = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(tar.waitFor()).isZero();
            assertThat(tarOut).as("GNU tar reads it without complaint").isEmpty();
            Path top = state.resolve(archive.getFileName().toString().replace(".tar.gz", ""));
            Process list = new ProcessBuilder("tar", "-tzf", archive.toString()).redirectErrorStream(true).start();
            List<String> names = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertThat(list.waitFor()).isZero();
            assertThat(names).as("one top-level directory, named as the archive").isNotEmpty()
                    .allMatch(n -> n.startsWith(top.getFileName() + "/"));
            String summary = Files.readString(top.resolve("SUMMARY.txt"));
            assertThat(summary).contains("Nodes: " + Fleet.SIZE + " (" + (Fleet.SIZE - 1) + " collected, 1 not reached)")
                    .contains("node-7: unreachable:");
            assertThat(Files.readString(top.resolve("node-2/app-config/etc/vigil-app/secret.conf"))).contains("db_password=****")
                    .doesNotContain("Pl4nted");
            Process grep = new ProcessBuilder("grep", "-r", "-l", "Pl4nted-Secret", state.toString()).start();
            String found = new String(grep.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            grep.waitFor();
            assertThat(found).as("the password anywhere in the archive").isEmpty();
        } finally {
            Files.deleteIfExists(conf);
            fleet.startNode(7);
        }
    }

    @Test
    void netconsole_messagesFromTheNodesReachPerNodeFiles_andAPanicRaisesAnAlarm() throws Exception {
        int port = 17000 + (int) (ProcessHandle.current().pid() % 1000);
        Path logs = state.resolve("netconsole");
        List<String> cmd = new ArrayList<>(List.of(VigilRun.launcher().toString(), "--state-dir", state.resolve("st").toString(),
                "-i", fleet.inventoryYaml().toString(), "kbox", "listen", "--bind", "127.0.0.1", "--port", String.valueOf(port),
                "--dir", logs.toString()));
        Path stdout = state.resolve("listen.out");
        Path stderr = state.resolve("listen.err");
        Process listener = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            for (int i = 0; i < 100 && !Files.readString(stderr).contains("listening on"); i++) {
                Thread.sleep(100);
            }
            // sent from inside each node, from the node's own address, as netconsole would
            for (int node : new int[] {3, 4, 5}) {
                String py = "import socket\ns=socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.bind(('127.0.1." + node + "', 0))\n"
                        + "for i in range(1, 11):\n    s.sendto(('6,%d,%d,-;node-" + node + " message %d' % (i, i*1000, i)).encode(), ('127.0.0.1', "
                        + port + "))\n"
                        + (node == 5 ? "s.sendto(b'0,11,11000,-;Kernel panic - not syncing: Fatal exception', ('127.0.0.1', " + port + "))\n" : "");
                VigilRun sent = vigil("-l", "node-" + node, "exec", "--", "python3 -c " + shellQuote(py));
                assertThat(sent.exitCode).as(sent.toString()).isZero();
            }
            for (int i = 0; i < 50 && !Files.readString(stdout).contains("ALARM"); i++) {
                Thread.sleep(100);
            }
        } finally {
            new ProcessBuilder("kill", "-TERM", Long.toString(listener.pid())).start().waitFor();
            assertThat(listener.waitFor(15, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
        for (int node : new int[] {3, 4}) {
            String log = Files.readString(logs.resolve("node-" + node + ".log"));
            assertThat(log).contains("node-" + node + " message 1").contains("node-" + node + " message 10");
            assertThat(log.lines().count()).isEqualTo(10);
        }
        assertThat(Files.readString(stdout)).contains("ALARM node-5: Kernel panic - not syncing: Fatal exception");
        assertThat(Files.readString(stderr)).contains("node-3: 10 received, 0 lost, 0 malformed");
        // the panic is a critical alarm in the alarm store, which nothing clears but an operator
        VigilRun alarms = vigil("alarms", "list", "--format", "json");
        assertThat(alarms.exitCode).as(alarms.toString()).isEqualTo(2);
        assertThat(alarms.stdout).contains("\"node\" : \"node-5\"").contains("\"item\" : \"kernel-crash\"").contains("\"state\" : \"FIRING\"");
        VigilRun cleared = vigil("alarms", "clear", "kbox/node-5/kernel-crash", "--by", "e2e");
        assertThat(cleared.exitCode).as(cleared.toString()).isZero();
        assertThat(vigil("alarms", "list").exitCode).isZero();
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
