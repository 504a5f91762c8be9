package dev.vigil.core.transport;

import dev.vigil.core.inventory.Node;
import dev.vigil.core.result.Outcome;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The controller itself: commands run through {@code /bin/sh -c} with ProcessBuilder, no SSH. */
public final class LocalTransport implements Transport {
    private final Node node;

    public LocalTransport(Node node) {
        this.node = node;
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public int run(String command, InputStream stdin, OutputStream stdout, OutputStream stderr, Duration timeout)
            throws TransportException {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command);
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new TransportException(Outcome.FAILED, "cannot start /bin/sh: " + e.getMessage(), e);
        }
        List<Thread> pumps = new ArrayList<>();
        pumps.add(pump(p.getInputStream(), stdout, "stdout"));
        pumps.add(pump(p.getErrorStream(), stderr, "stderr"));
        if (stdin != null) {
            Thread feeder = new Thread(() -> {
                try (OutputStream to = p.getOutputStream()) {
                    stdin.transferTo(to);
                } catch (IOException ignored) {
                    // the command stopped reading; its exit code tells the rest
                }
            }, "local-stdin");
            feeder.setDaemon(true);
            feeder.start();
        }
        try {
            boolean exited = p.waitFor(remaining(deadline), TimeUnit.NANOSECONDS);
            // the output pipes close when every process holding them has gone
            for (Thread t : pumps) {
                if (exited) {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining(deadline))));
                }
                exited &= !t.isAlive();
            }
            if (!exited) {
                kill(p);
                throw new CommandTimeoutException(timeout);
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new TransportException(Outcome.FAILED, "interrupted");
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /** Ends the whole tree: TERM to every descendant and the shell, KILL after a grace period. */
    private static void kill(Process p) {
        List<ProcessHandle> tree = new ArrayList<>();
        p.descendants().forEach(tree::add);
        tree.add(p.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < until && tree.stream().anyMatch(ProcessHandle::isAlive)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static Thread pump(InputStream from, OutputStream to, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[65536];
            try (InputStream in = from) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    to.write(buf, 0, n);
                }
                to.flush();
            } catch (IOException ignored) {
                // the process went away; what was read has been passed on
            }
        }, "local-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void close() {
        // nothing held open between commands
    }
}
