package dev.vigil.cli;

import dev.vigil.core.fleet.FleetListener;
import dev.vigil.core.fleet.NodeResult;
import dev.vigil.core.result.Outcome;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Map;

/**
 * Progress of a fan-out on stderr: a live bar when stderr is a terminal, one plain line per node
 * with {@code --progress plain}, nothing when piped. Never writes to stdout, so output stays parseable.
 */
final class ProgressDisplay {
    enum Mode { AUTO, BAR, PLAIN, NONE }

    private ProgressDisplay() {
    }

    static FleetListener create(Mode mode, String task, PrintWriter err) {
        Mode m = mode;
        if (m == Mode.AUTO) {
            m = stderrIsTerminal() ? Mode.BAR : Mode.NONE;
        }
        switch (m) {
            case BAR: return new Bar(task);
            case PLAIN: return new Plain(task, err);
            default: return FleetListener.NONE;
        }
    }

    /** The launcher tells us with -Dvigil.stderr.tty (the JDK cannot test stderr alone). */
    static boolean stderrIsTerminal() {
        return Boolean.getBoolean("vigil.stderr.tty");
    }

    private static final class Bar implements FleetListener {
        private final String task;
        private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        private ProgressBar bar;

        Bar(String task) {
            this.task = task;
        }

        @Override
        public synchronized void begin(int total) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(100).setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .hideEta().build();
        }

        @Override
        public synchronized void finished(NodeResult<?> r) {
            counts.merge(r.outcome(), 1, Integer::sum);
            StringBuilder sb = new StringBuilder();
            counts.forEach((o, n) -> sb.append(sb.length() == 0 ? "" : " ").append(o.label()).append('=').append(n));
            bar.setExtraMessage(sb.toString());
            bar.step();
        }

        @Override
        public synchronized void end() {
            if (bar != null) {
                bar.close();
            }
        }
    }

    private static final class Plain implements FleetListener {
        private final String task;
        private final PrintWriter err;
        private int total;
        private int done;

        Plain(String task, PrintWriter err) {
            this.task = task;
            this.err = err;
        }

        @Override
        public synchronized void begin(int total) {
            this.total = total;
        }

        @Override
        public synchronized void finished(NodeResult<?> r) {
            done++;
            err.printf("%s [%d/%d] %s %s %.2fs%n", task, done, total, r.node().name(), r.outcome().label(),
                    r.duration().toMillis() / 1000.0);
            err.flush();
        }
    }
}
