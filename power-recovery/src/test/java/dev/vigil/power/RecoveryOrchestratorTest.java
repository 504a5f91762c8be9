package dev.vigil.power;

import dev.vigil.core.error.UsageException;
import dev.vigil.core.inventory.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The recovery's window with in-memory BMCs: a node is "booted" a fixed time after its power-on, and
 * SSH is a banner on loopback. The BMCs record when each power command came and what was loading.
 */
class RecoveryOrchestratorTest {
    @TempDir
    Path dir;
    private ServerSocket banner;
    private Thread server;

    @BeforeEach
    void sshBanner() throws IOException {
        banner = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        server = new Thread(() -> {
            while (!banner.isClosed()) {
                try (Socket s = banner.accept(); OutputStream o = s.getOutputStream()) {
                    o.write("SSH-2.0-test\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    return;
                }
            }
        });
        server.setDaemon(true);
        server.start();
    }

    @AfterEach
    void close() throws IOException {
        banner.close();
    }

    /** Power-on times (nanoTime) in the order sent, and which nodes were loading (powered on, not yet ready). */
    static final class Bench {
        final List<Long> commands = Collections.synchronizedList(new ArrayList<>());
        final Map<String, Long> onAt = new ConcurrentHashMap<>();
        final Set<String> loading = ConcurrentHashMap.newKeySet();
        final Map<String, Integer> peakPerLabel = new ConcurrentHashMap<>();
        final long bootNanos;
        final Map<String, String> pdu;

        Bench(Duration boot, Map<String, String> pdu) {
            this.bootNanos = boot.toNanos();
            this.pdu = pdu;
        }

        synchronized void on(String node) {
            commands.add(System.nanoTime());
            onAt.put(node, System.nanoTime());
            loading.add(node);
            String p = pdu.get(node);
            if (p != null) {
                long same = loading.stream().filter(n -> p.equals(pdu.get(n))).count();
                peakPerLabel.merge(p, (int) same, Math::max);
            }
        }

        synchronized boolean ready(String node) {
            Long at = onAt.get(node);
            boolean up = at != null && System.nanoTime() - at >= bootNanos;
            if (up) {
                loading.remove(node);
            }
            return up;
        }

        BmcDriver driver(String node) {
            return new BmcDriver() {
                volatile PowerState state = PowerState.OFF;

                @Override
                public PowerState status() {
                    return state;
                }

                @Override
                public void powerOn() {
                    state = PowerState.ON;
                    on(node);
                }

                @Override
                public void powerOff() {
                    state = PowerState.OFF;
                }

                @Override
                public void cycle() {
                    on(node);
                }

                @Override
                public String restorePolicy() {
                    return "always-off";
                }

                @Override
                public void setRestorePolicy(String policy) {
                }
            };
        }
    }

    private List<Node> nodes(int n, Map<String, String> pdu) {
        List<Node> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String name = "n" + i;
            out.add(new Node(name, "127.0.0.1", banner.getLocalPort(), null, List.of(), false, Set.of(),
                    pdu.containsKey(name) ? Map.of("pdu", pdu.get(name)) : Map.of(), null));
        }
        return out;
    }

    private RecoveryOrchestrator.RecoveryReport run(Bench bench, List<Node> nodes, int parallel, Duration stagger, Map<String, Integer> maxPer)
            throws Exception {
        Map<String, BmcDriver> drivers = new java.util.LinkedHashMap<>();
        nodes.forEach(n -> drivers.put(n.name(), bench.driver(n.name())));
        RecoveryOrchestrator.Options o = new RecoveryOrchestrator.Options(parallel, Duration.ofSeconds(30), Duration.ofMinutes(5), 0,
                RecoveryOrchestrator.Order.INVENTORY, 22, PowerConfig.defaults(), stagger, maxPer);
        try (Journal j = Journal.open(dir.resolve("run.jsonl"))) {
            return new RecoveryOrchestrator(o, drivers, n -> bench.ready(n.name()), j, RecoveryOrchestrator.Listener.NONE).run(nodes, List.of());
        }
    }

    @Test
    void stagger_powerCommandsAreAtLeastTheGapApart_evenWithFreeSlots() throws Exception {
        Bench bench = new Bench(Duration.ofMillis(100), Map.of());
        RecoveryOrchestrator.RecoveryReport r = run(bench, nodes(6, Map.of()), 6, Duration.ofMillis(250), Map.of());
        assertThat(r.nodes()).allMatch(n -> "loaded".equals(n.outcome));
        List<Long> t = new ArrayList<>(bench.commands);
        assertThat(t).hasSize(6);
        Collections.sort(t);
        for (int i = 1; i < t.size(); i++) {
            // turns are granted 250 ms apart; the command follows its grant by scheduling jitter (a few ms at most)
            assertThat((t.get(i) - t.get(i - 1)) / 1e6).as("gap %d", i).isGreaterThanOrEqualTo(245.0);
        }
        assertThat(r.lowerBoundSeconds()).as("5 gaps of 0.25 s bound the makespan").isGreaterThanOrEqualTo(1.25);
        assertThat(r.nodes()).allMatch(n -> n.loadSeconds < 1.0); // the wait for a turn is not the node's load
        String journal = java.nio.file.Files.readString(dir.resolve("run.jsonl"));
        List<java.time.Instant> on = Journal.read(dir.resolve("run.jsonl")).stream().filter(e -> e.event().equals("power-on"))
                .map(Journal.Entry::time).sorted().toList();
        assertThat(on).as(journal).hasSize(6);
        for (int i = 1; i < on.size(); i++) {
            assertThat(Duration.between(on.get(i - 1), on.get(i)).toMillis()).isGreaterThanOrEqualTo(249);
        }
    }

    @Test
    void noStagger_theWindowPowersOnAtOnce() throws Exception {
        Bench bench = new Bench(Duration.ofMillis(100), Map.of());
        run(bench, nodes(6, Map.of()), 6, Duration.ZERO, Map.of());
        List<Long> t = new ArrayList<>(bench.commands);
        Collections.sort(t);
        assertThat((t.get(5) - t.get(0)) / 1e6).isLessThan(200.0);
    }

    @Test
    void maxPerLabel_neverMoreThanNOfOnePduLoading_andOtherPdusFillTheWindow() throws Exception {
        Map<String, String> pdu = new java.util.HashMap<>();
        for (int i = 1; i <= 6; i++) {
            pdu.put("n" + i, "a");
        }
        pdu.put("n7", "b");
        pdu.put("n8", "b");
        // n9 and n10 have no pdu label: not limited
        Bench bench = new Bench(Duration.ofMillis(400), pdu);
        RecoveryOrchestrator.RecoveryReport r = run(bench, nodes(10, pdu), 10, Duration.ZERO, Map.of("pdu", 2));
        assertThat(r.nodes()).allMatch(n -> "loaded".equals(n.outcome));
        assertThat(bench.peakPerLabel.get("a")).isEqualTo(2);
        assertThat(bench.peakPerLabel.get("b")).isEqualTo(2);
        // the first wave: n1, n2 (pdu a), then n7, n8 (b) and n9, n10 passed ahead of the held n3..n6
        List<String> first = new ArrayList<>();
        bench.onAt.entrySet().stream().sorted(Map.Entry.comparingByValue()).limit(6).forEach(e -> first.add(e.getKey()));
        assertThat(first).containsExactlyInAnyOrder("n1", "n2", "n7", "n8", "n9", "n10");
        assertThat(r.lowerBoundSeconds()).as("6 loads of pdu a, 2 at a time").isGreaterThanOrEqualTo(3 * 0.4);
    }

    @Test
    void heldNodesAreShownInTheLiveView() {
        RecoveryOrchestrator.NodeRun held = new RecoveryOrchestrator.NodeRun("n3");
        held.heldBy = "pdu=a";
        RecoveryOrchestrator.NodeRun loading = new RecoveryOrchestrator.NodeRun("n1");
        loading.phase = "stagger";
        Map<String, RecoveryOrchestrator.NodeRun> runs = new java.util.LinkedHashMap<>();
        runs.put("n1", loading);
        runs.put("n3", held);
        String line = RecoveryProgress.of(runs, 3, 20, "power commands 1s apart, at most 2 per pdu").line();
        assertThat(line).contains("1 waiting (held by a label limit: 1 pdu=a)").contains("n1 stagger")
                .contains("power commands 1s apart, at most 2 per pdu");
    }

    @Test
    void maxPer_badItemsAreUsageErrors() {
        assertThat(PowerRecovery.Request.parseMaxPer(List.of("pdu=4,rack=10"))).containsEntry("pdu", 4).containsEntry("rack", 10);
        for (String bad : List.of("pdu", "pdu=0", "=4", "pdu=-1", "pdu=x", "p du=3", "pdu=99999999")) {
            assertThatThrownBy(() -> PowerRecovery.Request.parseMaxPer(List.of(bad))).isInstanceOf(UsageException.class)
                    .hasMessageContaining("--max-per must be LABEL=N");
        }
        assertThatThrownBy(() -> PowerRecovery.Request.parseMaxPer(List.of("pdu=2", "pdu=3"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> new PowerRecovery.Request(null, null, 1, null, null, null, Duration.ofSeconds(-1), null))
                .isInstanceOf(UsageException.class).hasMessageContaining("--stagger");
    }
}
