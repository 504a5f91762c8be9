package dev.vigil.core.fleet;

import dev.vigil.core.config.Durations;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Outcome;
import dev.vigil.core.transport.Connections;
import dev.vigil.core.transport.Transport;
import dev.vigil.core.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a task on many nodes with at most {@code parallel} at once, as a sliding window: the next
 * node starts the moment any running one ends, never in batches. Every node ends in exactly one
 * {@link NodeResult}. A node that passes its hard deadline is recorded as timed out and its slot
 * is given to the next node even if its thread is stuck in I/O; one bad node never holds up the
 * others beyond its own deadline.
 */
public final class FleetRunner {
    private static final Logger log = LoggerFactory.getLogger(FleetRunner.class);

    /** Work that needs only the node, not a connection to it (a BMC call, a TCP probe). */
    @FunctionalInterface
    public interface NodeWork<T> {
        T run(Node node) throws Exception;
    }

    /** The work for one node, given its open transport. */
    @FunctionalInterface
    public interface NodeTask<T> {
        T run(Node node, Transport transport) throws Exception;
    }

    /** Decides the outcome of a value the task returned, and the message for a non-OK outcome. */
    public interface Judge<T> {
        Outcome outcome(T value);

        default String message(T value) {
            return null;
        }
    }

    private final Connections connections;
    private final int parallel;
    private final Duration nodeDeadline;
    private final FleetListener listener;

    /**
     * @param nodeDeadline the hard limit for one node from start to outcome; transports enforce their
     *                     own connect and command timeouts well within it
     */
    public FleetRunner(Connections connections, int parallel, Duration nodeDeadline, FleetListener listener) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1");
        }
        this.connections = connections;
        this.parallel = parallel;
        this.nodeDeadline = nodeDeadline;
        this.listener = listener;
    }

    /** Runs {@code task} on every node with its transport; results are in the order of {@code nodes}. */
    public <T> List<NodeResult<T>> run(List<Node> nodes, NodeTask<T> task, Judge<T> judge) {
        return runWork(nodes, node -> task.run(node, connections.open(node)), judge);
    }

    /** Runs {@code work} on every node without opening any connection to it. */
    public <T> List<NodeResult<T>> runWork(List<Node> nodes, NodeWork<T> work, Judge<T> judge) {
        List<Slot<T>> slots = new ArrayList<>();
        Semaphore window = new Semaphore(parallel);
        CountDownLatch done = new CountDownLatch(nodes.size());
        ExecutorService workers = Executors.newCachedThreadPool(daemon("vigil-node"));
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(daemon("vigil-watchdog"));
        listener.begin(nodes.size());
        try {
            for (Node node : nodes) {
                window.acquireUninterruptibly();
                Slot<T> slot = new Slot<>(node, window, done, listener);
                slots.add(slot);
                listener.started(node);
                slot.future = workers.submit(() -> slot.complete(execute(node, work, judge, slot.startNanos)));
                slot.timer = watchdog.schedule(() -> {
                    if (slot.complete(new NodeResult<>(node, Outcome.TIMED_OUT, null,
                            "no result within the node deadline of " + Durations.format(nodeDeadline) + "; abandoned",
                            slot.elapsed()))) {
                        slot.future.cancel(true);
                    }
                }, nodeDeadline.toNanos(), TimeUnit.NANOSECONDS);
            }
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            for (Slot<T> s : slots) {
                s.complete(new NodeResult<>(s.node, Outcome.FAILED, null, "interrupted", s.elapsed()));
            }
        } finally {
            watchdog.shutdownNow();
            workers.shutdownNow();
            listener.end();
        }
        List<NodeResult<T>> results = new ArrayList<>();
        for (Slot<T> s : slots) {
            results.add(s.result.get());
        }
        return results;
    }

    private <T> NodeResult<T> execute(Node node, NodeWork<T> work, Judge<T> judge, long startNanos) {
        try {
            T value = work.run(node);
            Outcome o = judge.outcome(value);
            return new NodeResult<>(node, o, value, o == Outcome.OK ? null : judge.message(value), since(startNanos));
        } catch (TransportException e) {
            return new NodeResult<>(node, e.outcome(), null, e.getMessage(), since(startNanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new NodeResult<>(node, Outcome.FAILED, null, "interrupted", since(startNanos));
        } catch (dev.vigil.core.error.VigilException e) {
            return new NodeResult<>(node, Outcome.FAILED, null, e.getMessage(), since(startNanos));
        } catch (java.io.IOException e) {
            // an I/O failure of the work itself (a file, a server): its message says what happened
            log.warn("node {} failed", node.name(), e);
            return new NodeResult<>(node, Outcome.FAILED, null, e.getMessage(), since(startNanos));
        } catch (Exception | Error e) {
            log.error("internal error on node {}", node.name(), e);
            return new NodeResult<>(node, Outcome.FAILED, null, "internal error: " + e, since(startNanos));
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** One node's place in the window; the first result recorded wins and frees the place. */
    private static final class Slot<T> {
        final Node node;
        final long startNanos = System.nanoTime();
        final AtomicReference<NodeResult<T>> result = new AtomicReference<>();
        final Semaphore window;
        final CountDownLatch done;
        final FleetListener listener;
        volatile Future<?> future;
        volatile ScheduledFuture<?> timer;

        Slot(Node node, Semaphore window, CountDownLatch done, FleetListener listener) {
            this.node = node;
            this.window = window;
            this.done = done;
            this.listener = listener;
        }

        Duration elapsed() {
            return since(startNanos);
        }

        boolean complete(NodeResult<T> r) {
            if (!result.compareAndSet(null, r)) {
                return false;
            }
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            try {
                listener.finished(r);
            } finally {
                window.release();
                done.countDown();
            }
            return true;
        }
    }
}
