package dev.vigil.core.fleet;

import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Outcome;
import dev.vigil.core.transport.Connections;
import dev.vigil.core.transport.SshOptions;
import dev.vigil.core.transport.TransportException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class FleetRunnerTest {
    private static final FleetRunner.Judge<String> OK = v -> Outcome.OK;

    private static List<Node> localNodes(int n) {
        List<Node> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(new Node("n" + i, "localhost", null, null, List.of(), true, Set.of(), Map.of(), null));
        }
        return out;
    }

    private static Connections connections() {
        return new Connections(new SshOptions(null, null, List.of(), Path.of("/nonexistent/kh"), List.of(), false,
                Duration.ofSeconds(1), Duration.ofSeconds(15), 3, null, null, null, false), Map.of());
    }

    @Test
    void slidingWindow_startsTheNextNodeAsSoonAsAnyFinishes() {
        // n1 is slow; with a window of 2, n3..n6 must all run beside it, not wait for a "batch" to end
        Map<String, Long> startedAt = new ConcurrentHashMap<>();
        long t0 = System.nanoTime();
        FleetRunner runner = new FleetRunner(connections(), 2, Duration.ofSeconds(30), FleetListener.NONE);
        List<NodeResult<String>> results = runner.run(localNodes(6), (node, t) -> {
            startedAt.put(node.name(), (System.nanoTime() - t0) / 1_000_000);
            Thread.sleep(node.name().equals("n1") ? 1500 : 100);
            return node.name();
        }, OK);
        assertThat(results).extracting(NodeResult::outcome).containsOnly(Outcome.OK);
        assertThat(results).extracting(r -> r.node().name()).containsExactly("n1", "n2", "n3", "n4", "n5", "n6");
        assertThat(startedAt.get("n6")).as("n6 started while n1 still ran").isLessThan(1200);
    }

    @Test
    void neverMoreThanParallelAtOnce() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        new FleetRunner(connections(), 3, Duration.ofSeconds(30), FleetListener.NONE).run(localNodes(12), (node, t) -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(50);
            running.decrementAndGet();
            return "";
        }, OK);
        assertThat(peak.get()).isEqualTo(3);
    }

    @Test
    void stuckNode_isTimedOutAtItsDeadline_andTheOthersFinish() {
        long t0 = System.nanoTime();
        List<NodeResult<String>> results = new FleetRunner(connections(), 2, Duration.ofMillis(800), FleetListener.NONE)
                .run(localNodes(4), (node, t) -> {
                    if (node.name().equals("n2")) {
                        // ignores interruption, like a thread stuck in blocking I/O
                        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                        while (System.nanoTime() < until) {
                            Thread.onSpinWait();
                        }
                    }
                    return node.name();
                }, OK);
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(results.get(1).outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(results.get(1).message()).contains("node deadline of 800ms");
        assertThat(results).filteredOn(r -> r.outcome() == Outcome.OK).hasSize(3);
        assertThat(elapsedMs).isLessThan(3000);
    }

    @Test
    void everyNodeEndsInExactlyOneOutcome_whateverTheTaskThrows() {
        List<NodeResult<?>> finished = Collections.synchronizedList(new ArrayList<>());
        FleetListener listener = new FleetListener() {
            @Override
            public void finished(NodeResult<?> result) {
                finished.add(result);
            }
        };
        List<NodeResult<String>> results = new FleetRunner(connections(), 4, Duration.ofSeconds(10), listener)
                .run(localNodes(4), (node, t) -> {
                    switch (node.name()) {
                        case "n1": throw new TransportException(Outcome.UNREACHABLE, "gone");
                        case "n2": throw new IllegalStateException("bug");
                        case "n3": return "bad";
                        default: return "good";
                    }
                }, new FleetRunner.Judge<>() {
                    @Override
                    public Outcome outcome(String v) {
                        return v.equals("good") ? Outcome.OK : Outcome.FAILED;
                    }

                    @Override
                    public String message(String v) {
                        return "value " + v;
                    }
                });
        assertThat(results).extracting(NodeResult::outcome)
                .containsExactly(Outcome.UNREACHABLE, Outcome.FAILED, Outcome.FAILED, Outcome.OK);
        assertThat(results.get(0).message()).isEqualTo("gone");
        assertThat(results.get(1).message()).startsWith("internal error: java.lang.IllegalStateException: bug");
        assertThat(results.get(2).message()).isEqualTo("value bad");
        assertThat(finished).hasSize(4);
    }
}
