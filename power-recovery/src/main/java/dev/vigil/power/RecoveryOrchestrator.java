package dev.vigil.power;

import dev.vigil.core.inventory.Node;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Brings the platform back after an outage. Each node is one job: read the power state, power on
 * if off (confirmed by reading back), wait until SSH answers, wait until it is ready, loaded. At
 * most {@code parallel} nodes load at once, as a sliding window: a slot is taken at power-on and
 * freed when the node is loaded or has failed, and the next node starts at once. A node not
 * loaded within the node timeout is power-cycled and queued again at the back, up to
 * {@code retries} times; then it is failed and the rest go on. Every transition goes to the
 * journal as it happens.
 *
 * <p>Inrush: two power commands (on, or the cycle of a retry) are at least {@code stagger} apart,
 * and with {@code maxPer} (label to N, e.g. pdu=4) at most N nodes with the same value of that
 * inventory label hold a slot at once; a node held by its label waits, and the next eligible node
 * in order takes the slot. A node without the label is not limited by it.
 */
public final class RecoveryOrchestrator {
    public enum Order { INVENTORY, LONGEST_FIRST }

    /** @param power how an accepted power-on is read back (power.confirm_timeout, confirm_poll) */
    public record Options(int parallel, Duration nodeTimeout, Duration deadline, int retries, Order order, int sshPort, PowerConfig power,
                          Duration stagger, Map<String, Integer> maxPer) {
        public Options {
            stagger = stagger == null ? Duration.ZERO : stagger;
            maxPer = Map.copyOf(maxPer == null ? Map.of() : maxPer);
        }

        public Options(int parallel, Duration nodeTimeout, Duration deadline, int retries, Order order, int sshPort) {
            this(parallel, nodeTimeout, deadline, retries, order, sshPort, PowerConfig.defaults(), Duration.ZERO, Map.of());
        }
    }

    /** Whether a node is ready once SSH answers (the platform's readiness rule); false means keep waiting. */
    @FunctionalInterface
    public interface Readiness {
        boolean ready(Node node) throws Exception;
    }

    /** Live progress: called from worker threads. */
    public interface Listener {
        Listener NONE = runs -> {
        };

        void changed(Map<String, NodeRun> runs);
    }

    /** One node's run: its timeline (seconds from the start) and outcome. */
    public static final class NodeRun {
        public final String node;
        public volatile String phase = "waiting";
        public volatile int attempts;
        public volatile Double powerOnAt;
        public volatile Double bmcOnAt;
        public volatile Double sshUpAt;
        public volatile Double readyAt;
        public volatile Double loadSeconds;
        public volatile String outcome;
        public volatile String message;
        /** While waiting: the label limit holding it back (e.g. "pdu=pdu-a"), else null. */
        public volatile String heldBy;
        volatile boolean alreadyPowered;
        volatile boolean alreadyOn;
        volatile double attemptStart;

        volatile long attemptStartNanos;

        NodeRun(String node) {
            this.node = node;
        }

        /** Seconds in the current attempt (for the live view). */
        public double sinceAttemptStart() {
            return attemptStartNanos == 0 ? 0 : (System.nanoTime() - attemptStartNanos) / 1e9;
        }
    }

    public record RecoveryReport(Instant start, Instant end, int parallel, Duration nodeTimeout, Duration deadline, List<NodeRun> nodes,
                         double makespanSeconds, double lowerBoundSeconds, boolean allWithinNodeTimeout, boolean allWithinDeadline,
                         Duration stagger, Map<String, Integer> maxPer) {
    }

    private final Options options;
    private final Map<String, BmcDriver> bmcs;
    private final Readiness readiness;
    private final Journal journal;
    private final Listener listener;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final java.util.concurrent.locks.ReentrantLock powerGate = new java.util.concurrent.locks.ReentrantLock(true);
    private long lastPowerTurnNanos = Long.MIN_VALUE;
    private long startNanos;

    public RecoveryOrchestrator(Options options, Map<String, BmcDriver> bmcs, Readiness readiness, Journal journal, Listener listener) {
        this.options = options;
        this.bmcs = bmcs;
        this.readiness = readiness;
        this.journal = journal;
        this.listener = listener;
    }

    /** Stops launching new nodes (Ctrl-C); running ones finish their current step; the journal stays resumable. */
    public void stop() {
        stopping.set(true);
    }

    /** The order nodes start in: inventory order, or the longest loads of earlier runs first (unknown ones first of all). */
    public static List<Node> order(List<Node> nodes, Order order, Map<String, Double> history) {
        List<Node> out = new ArrayList<>(nodes);
        if (order == Order.LONGEST_FIRST) {
            out.sort(Comparator.comparingDouble((Node n) -> -history.getOrDefault(n.name(), Double.MAX_VALUE)));
        }
        return out;
    }

    /**
     * Runs the recovery. {@code resumed} holds what a journal already says: nodes loaded or failed
     * are not touched again, nodes already powered on are only waited for.
     */
    public RecoveryReport run(List<Node> nodes, List<Journal.Entry> resumed) throws InterruptedException {
        Instant start = Instant.now();
        startNanos = System.nanoTime();
        Map<String, NodeRun> runs = new LinkedHashMap<>();
        Deque<Node> queue = new ArrayDeque<>();
        for (Node n : nodes) {
            NodeRun r = new NodeRun(n.name());
            runs.put(n.name(), r);
            for (Journal.Entry e : resumed) {
                if (!e.node().equals(n.name())) {
                    continue;
                }
                r.attempts = Math.max(r.attempts, e.attempt());
                switch (e.event()) {
                    case "loaded": r.outcome = "loaded"; r.phase = "loaded"; r.message = "loaded before the resume"; break;
                    case "failed": r.outcome = "failed"; r.phase = "failed"; r.message = e.detail(); break;
                    case "power-on": case "already-on": r.alreadyPowered = true; break;
                    case "cycle": r.alreadyPowered = true; break;
                    default: break;
                }
            }
            if (r.outcome == null) {
                queue.add(n);
            }
        }
        LinkedBlockingQueue<Node> finished = new LinkedBlockingQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(options.parallel(), r -> {
            Thread t = new Thread(r, "recover");
            t.setDaemon(true);
            return t;
        });
        int active = 0;
        Map<String, Integer> loadingPerLabel = new java.util.HashMap<>();
        long deadlineNanos = startNanos + options.deadline().toNanos();
        try {
            while (active > 0 || (!queue.isEmpty() && !stopping.get())) {
                while (active < options.parallel() && !queue.isEmpty() && !stopping.get()) {
                    Node n = nextEligible(queue, runs, loadingPerLabel);
                    if (n == null) {
                        break;
                    }
                    NodeRun r = runs.get(n.name());
                    active++;
                    labelKeys(n).forEach(k -> loadingPerLabel.merge(k, 1, Integer::sum));
                    pool.submit(() -> {
                        try {
                            load(n, r, deadlineNanos);
                        } finally {
                            finished.add(n);
                        }
                    });
                }
                Node done = finished.poll(200, TimeUnit.MILLISECONDS);
                if (done == null) {
                    listener.changed(runs);
                    continue;
                }
                active--;
                labelKeys(done).forEach(k -> loadingPerLabel.merge(k, -1, Integer::sum));
                NodeRun r = runs.get(done.name());
                if ("retry".equals(r.outcome)) {
                    r.outcome = null;
                    r.phase = "waiting";
                    queue.addLast(done);
                }
                listener.changed(runs);
            }
        } finally {
            pool.shutdownNow();
        }
        for (NodeRun r : runs.values()) {
            if (r.outcome == null) {
                r.outcome = "not-started";
                r.message = "the run was stopped before this node started; resume to continue";
            }
        }
        Instant end = Instant.now();
        double makespan = (System.nanoTime() - startNanos) / 1e9;
        double longest = runs.values().stream().filter(r -> r.loadSeconds != null).mapToDouble(r -> r.loadSeconds).max().orElse(0);
        double sum = runs.values().stream().filter(r -> r.loadSeconds != null).mapToDouble(r -> r.loadSeconds).sum();
        long powered = runs.values().stream().filter(r -> r.powerOnAt != null && !r.alreadyOn).count();
        double bound = Math.max(longest, sum / options.parallel());
        bound = Math.max(bound, Math.max(0, powered - 1) * options.stagger().toMillis() / 1000.0);
        for (Map.Entry<String, Integer> limit : options.maxPer().entrySet()) {
            Map<String, Double> perValue = new java.util.HashMap<>();
            for (Node n : nodes) {
                String v = n.vars().get(limit.getKey());
                Double load = runs.get(n.name()).loadSeconds;
                if (v != null && load != null) {
                    perValue.merge(v, load, Double::sum);
                }
            }
            for (double s : perValue.values()) {
                bound = Math.max(bound, s / limit.getValue());
            }
        }
        boolean withinNode = runs.values().stream().allMatch(r -> "loaded".equals(r.outcome)
                && (r.loadSeconds == null || r.loadSeconds <= options.nodeTimeout().toMillis() / 1000.0));
        boolean withinDeadline = runs.values().stream().allMatch(r -> "loaded".equals(r.outcome)) && makespan <= options.deadline().toSeconds();
        return new RecoveryReport(start, end, options.parallel(), options.nodeTimeout(), options.deadline(), new ArrayList<>(runs.values()),
                makespan, bound, withinNode, withinDeadline, options.stagger(), options.maxPer());
    }

    /** The "label=value" keys of the limits this node counts against. */
    private List<String> labelKeys(Node n) {
        List<String> keys = new ArrayList<>();
        for (String label : options.maxPer().keySet()) {
            String v = n.vars().get(label);
            if (v != null) {
                keys.add(label + "=" + v);
            }
        }
        return keys;
    }

    /** Takes the first node in order whose label limits all have room; marks the ones it passes over as held. */
    private Node nextEligible(Deque<Node> queue, Map<String, NodeRun> runs, Map<String, Integer> loading) {
        for (java.util.Iterator<Node> it = queue.iterator(); it.hasNext(); ) {
            Node n = it.next();
            String full = null;
            for (String k : labelKeys(n)) {
                if (loading.getOrDefault(k, 0) >= options.maxPer().get(k.substring(0, k.indexOf('=')))) {
                    full = k;
                    break;
                }
            }
            runs.get(n.name()).heldBy = full;
            if (full == null) {
                it.remove();
                return n;
            }
        }
        return null;
    }

    /**
     * Waits for this node's turn to send a power command, then does {@code turn} (the journal entry):
     * at least {@code stagger} after the turn before it was taken, measured when that turn's journal
     * entry was written, so the journal itself shows every gap and a late wake-up never shortens the
     * next one. Waiters take their turns in arrival order.
     */
    private void awaitPowerTurn(NodeRun r, Runnable turn) throws InterruptedException {
        long gap = options.stagger().toNanos();
        if (gap <= 0) {
            turn.run();
            return;
        }
        String phase = r.phase;
        powerGate.lockInterruptibly();
        try {
            long wait = lastPowerTurnNanos == Long.MIN_VALUE ? 0 : lastPowerTurnNanos + gap - System.nanoTime();
            if (wait > 0) {
                r.phase = "stagger";
                while (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                    wait = lastPowerTurnNanos + gap - System.nanoTime();
                }
            }
            r.phase = phase;
            turn.run();
            lastPowerTurnNanos = System.nanoTime();
        } finally {
            powerGate.unlock();
            r.phase = phase;
        }
    }

    private double now() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** One attempt for one node, in its slot. Sets outcome "loaded", "failed" or "retry". */
    private void load(Node node, NodeRun r, long deadlineNanos) {
        r.attempts++;
        r.attemptStart = now();
        r.attemptStartNanos = System.nanoTime();
        long attemptDeadline = System.nanoTime() + options.nodeTimeout().toNanos();
        BmcDriver bmc = bmcs.get(node.name());
        try {
            if (!r.alreadyPowered) {
                r.phase = "powering on";
                PowerState s = bmc.status();
                if (s == PowerState.OFF) {
                    awaitPowerTurn(r, () -> {
                        // the load is timed from the power command: a wait for its turn is the window's, not the node's
                        r.attemptStart = now();
                        r.attemptStartNanos = System.nanoTime();
                        r.powerOnAt = now();
                        journal.record(node.name(), "power-on", r.attempts, null);
                    });
                    attemptDeadline = System.nanoTime() + options.nodeTimeout().toNanos();
                    if (bmc.powerOnAndRead() != PowerState.ON) {
                        confirmOn(bmc);
                    }
                    r.bmcOnAt = now();
                    journal.record(node.name(), "bmc-on", r.attempts, null);
                } else {
                    r.powerOnAt = now();
                    r.bmcOnAt = r.powerOnAt;
                    r.alreadyOn = true;
                    journal.record(node.name(), "already-on", r.attempts, null);
                }
                r.alreadyPowered = true;
            }
            r.phase = "booting";
            while (!sshAnswers(node)) {
                if (System.nanoTime() > attemptDeadline || System.nanoTime() > deadlineNanos) {
                    timedOut(node, r, bmc, "SSH did not answer");
                    return;
                }
                // a refused connect costs microseconds on the controller: poll often, the slot is what is scarce
                Thread.sleep(100);
            }
            r.sshUpAt = now();
            journal.record(node.name(), "ssh-up", r.attempts, null);
            r.phase = "starting services";
            while (!readiness.ready(node)) {
                if (System.nanoTime() > attemptDeadline || System.nanoTime() > deadlineNanos) {
                    timedOut(node, r, bmc, "not ready (services)");
                    return;
                }
                Thread.sleep(200);
            }
            r.readyAt = now();
            r.loadSeconds = r.readyAt - r.attemptStart;
            r.outcome = "loaded";
            r.phase = "loaded";
            journal.record(node.name(), "loaded", r.attempts, String.format(java.util.Locale.ROOT, "%.1fs", r.loadSeconds));
        } catch (BmcException e) {
            fail(node, r, e.kind().label() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r.outcome = "not-started";
            r.message = "interrupted; resume to continue";
        } catch (Exception e) {
            fail(node, r, "readiness check failed: " + e.getMessage());
        }
    }

    private void timedOut(Node node, NodeRun r, BmcDriver bmc, String why) throws BmcException {
        journal.record(node.name(), "timeout", r.attempts, why);
        if (r.attempts > options.retries()) {
            fail(node, r, "not loaded within " + dev.vigil.core.config.Durations.format(options.nodeTimeout()) + " (" + why + ") after "
                    + r.attempts + " attempts");
            return;
        }
        try {
            awaitPowerTurn(r, () -> journal.record(node.name(), "cycle", r.attempts, why));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r.outcome = "not-started";
            r.message = "interrupted; resume to continue";
            return;
        }
        bmc.cycle();
        r.outcome = "retry";
        r.message = why + "; power-cycled and queued again";
    }

    private void fail(Node node, NodeRun r, String why) {
        r.outcome = "failed";
        r.phase = "failed";
        r.message = why;
        journal.record(node.name(), "failed", r.attempts, why);
    }

    /**
     * Polls for the accepted power-on for power.confirm_timeout (real BMCs take 1-15 s): half of it,
     * then, if the chassis is still off, the same on once more (a BMC that dropped it), then the rest.
     * Never an off: a late on is waited for, not countered.
     */
    private void confirmOn(BmcDriver bmc) throws BmcException, InterruptedException {
        java.time.Duration half = options.power().confirmWait().dividedBy(2);
        java.time.Duration poll = options.power().confirmInterval();
        try {
            PowerChange.confirm(bmc, PowerState.ON, half, poll);
        } catch (BmcException stillOff) {
            if (stillOff.kind() != BmcException.Kind.FAILED) {
                throw stillOff;
            }
            bmc.powerOn();
            PowerChange.confirm(bmc, PowerState.ON, half, poll);
        }
    }

    /** SSH answers: the port accepts and sends an SSH banner. */
    boolean sshAnswers(Node node) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(node.address(), node.port() != null ? node.port() : options.sshPort()), 1000);
            s.setSoTimeout(1000);
            InputStream in = s.getInputStream();
            byte[] b = in.readNBytes(4);
            return new String(b, StandardCharsets.US_ASCII).equals("SSH-");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
