package dev.vigil.core.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs tasks a few at a time on daemon threads and waits for all of them (work on the controller, such as BMC reads). */
public final class Parallel {
    private Parallel() {
    }

    /** Each task runs once; a task's exception is rethrown (unchecked) after all have ended; an interrupt stops the rest. */
    public static void runAll(List<Runnable> tasks, int atOnce, String threadName) {
        if (tasks.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(atOnce, tasks.size())), r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> f = new ArrayList<>();
            tasks.forEach(t -> f.add(pool.submit(t)));
            for (Future<?> x : f) {
                x.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
