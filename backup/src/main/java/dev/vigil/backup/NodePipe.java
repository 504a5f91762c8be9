package dev.vigil.backup;

import dev.vigil.core.transport.BoundedOutput;
import dev.vigil.core.transport.Transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A command on the node, run in a background thread, whose stdout this thread reads as a stream
 * ({@link #reading}) or whose stdin this thread writes ({@link #writing}), through a 1 MiB pipe. The
 * node's tar on one side, the controller's archive code on the other; nothing is staged.
 */
final class NodePipe implements AutoCloseable {
    private final FutureTask<Integer> task;
    private final BoundedOutput err;
    private final InputStream stdout;
    private final OutputStream stdin;

    private NodePipe(FutureTask<Integer> task, BoundedOutput err, InputStream stdout, OutputStream stdin, String name) {
        this.task = task;
        this.err = err;
        this.stdout = stdout;
        this.stdin = stdin;
        Thread th = new Thread(task, name);
        th.setDaemon(true);
        th.start();
    }

    /** Runs {@code command} with {@code input} on its stdin; its stdout is {@link #stdout()}. */
    static NodePipe reading(Transport t, String command, byte[] input, Duration timeout) throws IOException {
        PipedInputStream in = new PipedInputStream(1 << 20);
        PipedOutputStream out = new PipedOutputStream(in);
        BoundedOutput err = new BoundedOutput(256 * 1024);
        FutureTask<Integer> task = new FutureTask<>(() -> {
            try (out) {
                return t.run(command, new ByteArrayInputStream(input), out, err, timeout);
            }
        });
        return new NodePipe(task, err, in, null, "node-out-" + t.node().name());
    }

    /** Runs {@code command}; what is written to {@link #stdin()} is its stdin, closed to end it. */
    static NodePipe writing(Transport t, String command, Duration timeout) throws IOException {
        PipedOutputStream out = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(out, 1 << 20);
        BoundedOutput err = new BoundedOutput(256 * 1024);
        FutureTask<Integer> task = new FutureTask<>(() -> {
            try (in) {
                return t.run(command, in, OutputStream.nullOutputStream(), err, timeout);
            }
        });
        return new NodePipe(task, err, null, out, "node-in-" + t.node().name());
    }

    InputStream stdout() {
        return stdout;
    }

    OutputStream stdin() {
        return stdin;
    }

    /** Waits for the command to end; its exit code. A transport failure comes out as an IOException. */
    int exitCode() throws IOException, InterruptedException {
        try {
            return task.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof IOException io ? io : new IOException(c.getMessage(), c);
        }
    }

    String stderr() {
        return err.text();
    }

    /** The last line the command wrote on stderr, as ": line", or nothing. */
    String stderrTail() {
        String s = err.text().strip();
        return s.isEmpty() ? "" : ": " + s.lines().reduce((a, b) -> b).orElse("");
    }

    /** Ends the command if it still runs. */
    @Override
    public void close() {
        task.cancel(true);
    }

    /** Paths as the NUL-separated list that {@code tar --null -T -} and {@code xargs -0} read. */
    static byte[] nulSeparated(List<String> paths) {
        return dev.vigil.core.text.RawNames.nulSeparated(paths);
    }
}
