package dev.vigil.healthcheck;

import dev.vigil.core.inventory.Node;
import dev.vigil.core.transport.ExecResult;
import dev.vigil.core.transport.Transport;
import dev.vigil.core.transport.TransportException;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * What a check may use on one node during one run: the node, its settings, probes (commands,
 * memoized so a probe shared by two checks runs once), file reads, and what is known from before
 * (the baseline, the previous saved run).
 */
public final class CheckContext {
    /** The check could not look: the result is UNKNOWN with this reason. */
    public static final class CannotCheck extends Exception {
        private static final long serialVersionUID = 1L;
        private final String excerpt;

        public CannotCheck(String reason, String excerpt) {
            super(reason);
            this.excerpt = excerpt;
        }

        public String excerpt() {
            return excerpt;
        }
    }

    private final Node node;
    private final Transport transport;
    private final Settings settings;
    private final Duration timeout;
    private final RunEnvironment env;
    private final Map<String, CompletableFuture<ExecResult>> probes = new ConcurrentHashMap<>();

    CheckContext(Node node, Transport transport, Settings settings, Duration timeout, RunEnvironment env) {
        this.node = node;
        this.transport = transport;
        this.settings = settings;
        this.timeout = timeout;
        this.env = env;
    }

    public Node node() {
        return node;
    }

    public Settings settings() {
        return settings;
    }

    public RunEnvironment env() {
        return env;
    }

    /** The probe's output; the same command in the same run runs once, whoever asks. */
    public ExecResult probe(String command) throws TransportException, InterruptedException {
        CompletableFuture<ExecResult> mine = new CompletableFuture<>();
        CompletableFuture<ExecResult> f = probes.putIfAbsent(command, mine);
        if (f == null) {
            f = mine;
            try {
                mine.complete(transport.exec(command, timeout));
            } catch (TransportException | RuntimeException e) {
                mine.completeExceptionally(e);
            }
        }
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TransportException) {
                throw (TransportException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** A probe that must succeed: a non-zero exit or a timeout is a {@link CannotCheck}. */
    public String probeOk(String command, String what) throws TransportException, InterruptedException, CannotCheck {
        ExecResult r = probe(command);
        if (r.timedOut()) {
            throw new CannotCheck(what + " did not answer within " + dev.vigil.core.config.Durations.format(timeout), r.stdout());
        }
        if (r.exitCode() != 0) {
            throw new CannotCheck(what + " failed (exit " + r.exitCode() + ")", r.stderr().isBlank() ? r.stdout() : r.stderr());
        }
        return r.stdout();
    }

    /** Parses probe output; a parser's complaint becomes a {@link CannotCheck} that quotes the output. */
    public <T> T parse(String output, java.util.function.Function<String, T> parser, String what) throws CannotCheck {
        try {
            return parser.apply(output);
        } catch (RuntimeException e) {
            throw new CannotCheck("could not read " + what + ": " + e.getMessage(), output);
        }
    }

    /** Runs a command now, not memoized (for measurements that must be fresh). */
    public ExecResult execFresh(String command) throws TransportException {
        return transport.exec(command, timeout);
    }

    /** Up to {@code limit} bytes of a file on the node. */
    public byte[] read(String path, int limit) throws TransportException {
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                super.write(b, off, Math.max(0, Math.min(len, limit - count)));
            }
        };
        transport.read(path, out, timeout);
        return out.toByteArray();
    }

    /** This node's finding of a check in the previous saved run, or null: what "grew since the last run" compares with. */
    public dev.vigil.core.result.Finding previous(String check) {
        if (env.previous() == null) {
            return null;
        }
        for (dev.vigil.core.result.Finding f : env.previous().report().findings()) {
            if (f.node().equals(node.name()) && f.item().equals(check)) {
                return f;
            }
        }
        return null;
    }

    /** That finding's metrics by name; empty when there is none. */
    public Map<String, Double> previousMetrics(String check) {
        Map<String, Double> out = new java.util.HashMap<>();
        dev.vigil.core.result.Finding f = previous(check);
        if (f != null) {
            f.metrics().forEach(m -> out.put(m.name(), m.value()));
        }
        return out;
    }

    private final Once<dev.vigil.core.bmc.BmcReader> bmcReader = new Once<>();
    private final Once<dev.vigil.core.bmc.BmcReader.Reading> bmcReading = new Once<>();

    /** A BMC call made once per node and run, whoever asks first; the others wait for its answer or its failure. */
    private static final class Once<T> {
        interface Call<T> {
            T call() throws dev.vigil.core.bmc.BmcReadException, InterruptedException;
        }

        private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
        private final CompletableFuture<T> result = new CompletableFuture<>();

        T get(Call<T> call) throws dev.vigil.core.bmc.BmcReadException, InterruptedException {
            if (started.compareAndSet(false, true)) {
                try {
                    result.complete(call.call());
                } catch (dev.vigil.core.bmc.BmcReadException | RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }
            try {
                return result.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof dev.vigil.core.bmc.BmcReadException b) {
                    throw b;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        /** The answer, if the call was made and succeeded; else null. */
        T done() {
            return result.isDone() && !result.isCompletedExceptionally() ? result.join() : null;
        }
    }

    /** The node's BMC reader, opened once per node and run. */
    public dev.vigil.core.bmc.BmcReader bmc() throws dev.vigil.core.bmc.BmcReadException, InterruptedException {
        return bmcReader.get(() -> env.bmc().open(node));
    }

    /** Closes the node's BMC reader if one was opened (a Redfish session is logged out). */
    public void closeBmc() {
        dev.vigil.core.bmc.BmcReader r = bmcReader.done();
        if (r != null) {
            r.close();
        }
    }

    /**
     * What the run reads of the node's BMC ({@link RunEnvironment#bmcScope()}), read once whoever asks first: the
     * sensor and event-log checks share one session.
     */
    public dev.vigil.core.bmc.BmcReader.Reading bmcReading() throws dev.vigil.core.bmc.BmcReadException, InterruptedException {
        return bmcReading.get(() -> bmc().read(env.bmcScope().sensors(), env.bmcScope().events()));
    }

    /** The controller's clock, for measuring a node's skew. */
    public Instant now() {
        return Instant.now();
    }
}
