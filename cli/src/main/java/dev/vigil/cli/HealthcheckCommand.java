package dev.vigil.cli;

import dev.vigil.core.error.UsageException;
import dev.vigil.healthcheck.BaselineRecord;
import dev.vigil.healthcheck.HealthcheckListing;
import dev.vigil.healthcheck.HealthcheckRun;
import dev.vigil.healthcheck.RunCompare;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vigil healthcheck run|baseline|history|compare|list}. */
@Command(name = "healthcheck", mixinStandardHelpOptions = true,
        description = {"Examine every node: the routine check, and before and after risky work.",
                "Disks and inodes, CPU, memory, processes, key config integrity, clock sync, logs, alarms, heartbeats, VMs,",
                "the BMC's sensors and event log (out of band), SMART, RAID, multipath, bonds, ECC memory and disk trends.",
                "Exit codes follow Nagios (0/1/2/3)."},
        subcommands = {HealthcheckCommand.Run.class, HealthcheckCommand.BaselineCmd.class, HealthcheckCommand.History.class,
                HealthcheckCommand.Compare.class, HealthcheckCommand.ListChecks.class})
final class HealthcheckCommand extends GroupCommand {

    @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Run every check (or those of --checks) on every selected node in parallel.",
                    "The exit code is the worst status: 0 OK, 1 WARN, 2 CRIT, 3 UNKNOWN (a Nagios plugin as it is)."})
    static final class Run extends ReportingCommand implements Callable<Integer> {

        @Option(names = "--checks", split = ",", paramLabel = "CHECK", description = "Only these checks (see 'vigil healthcheck list').")
        List<String> checks;

        @Option(names = "--out-mode", paramLabel = "MODE", description = "The --out file's mode, octal. Default: 0644 for prometheus"
                + " (node_exporter's textfile collector runs unprivileged), else 0600.")
        String outMode;

        @Option(names = "--save", description = "Keep the run in the state dir's history (for compare, trends, logs since).")
        boolean save;

        @Option(names = "--since", paramLabel = "DURATION", description = "Scan logs this far back. Default: since the last saved run, else 24h.")
        java.time.Duration since;

        @Option(names = "--alarms", description = "Feed the findings to the alarm store (raise after alarms.hard_after bad scans, clear what"
                + " recovered) and deliver them to alarms.sinks, as the daemon's alarm-scan does.")
        boolean alarms;

        @Option(names = "--clear-sel", description = "Clear a BMC's event log that is hardware.sel_clear_at (75%) full or more, once the"
                + " bmc-events check has stored its entries in the state dir (a full SEL drops new events). Never without this flag.")
        boolean clearSel;

        /** "0644" as rw-r--r--; only permission bits, never executable, never writable by others. */
        static String fileMode(String octal) {
            if (!octal.matches("0?[0-7]{3}")) {
                throw new UsageException("--out-mode must be an octal mode such as 0644, not '" + octal + "'");
            }
            int m = Integer.parseInt(octal, 8);
            if ((m & 0111) != 0 || (m & 0002) != 0) {
                throw new UsageException("--out-mode " + octal + ": a report is never executable or writable by others");
            }
            StringBuilder sb = new StringBuilder();
            String rwx = "rwxrwxrwx";
            for (int i = 0; i < 9; i++) {
                sb.append((m & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
            }
            return sb.toString();
        }

        @Override
        public Integer call() throws IOException {
            CommandContext ctx = context();
            String mode = fileMode(outMode != null ? outMode : output.format.equals("prometheus") ? "0644" : "0600");
            HealthcheckRun.Result result = HealthcheckRun.run(ctx.session(), new HealthcheckRun.Request(checks, save, since, alarms, clearSel));
            // the table is the registry's, of the run's report; json its documented schema; every other format its report too
            return output.emit(ctx, title(), result, mode);
        }
    }

    @Command(name = "baseline", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Record the integrity baseline of the key config files of the selected nodes.",
                    "The baseline is each file's sha256, mode, owner and size. Nodes that already have one keep it unless --update is given."})
    static final class BaselineCmd extends ReportingCommand implements Callable<Integer> {

        @Option(names = "--update", description = "Replace the baseline of nodes that already have one.")
        boolean update;

        @Override
        public Integer call() throws IOException {
            CommandContext ctx = context();
            BaselineRecord.Result result = BaselineRecord.run(ctx.session(), new BaselineRecord.Request(update));
            return output.emit(context(), title(), result);
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "List the saved runs, oldest first.")
    static final class History extends ReportingCommand implements Callable<Integer> {

        @Override
        public Integer call() {
            return output.emit(context(), title(), HealthcheckListing.history(context().session()));
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Show what changed between two runs, per node and check: worse, better, changed, new, gone.",
                    "RUN is latest, previous, a run id (or its unique start) or a report file. Exit: 0 nothing worse,",
                    "1 something became WARN, 2 something became CRIT or UNKNOWN."})
    static final class Compare extends ReportingCommand implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "RUN_A", description = "The earlier run (e.g. previous, or the pre-upgrade run).")
        String a;

        @Parameters(index = "1", paramLabel = "RUN_B", description = "The later run (e.g. latest).")
        String b;

        @Override
        public Integer call() {
            CommandContext ctx = context();
            RunCompare.Result result = RunCompare.run(ctx.session(), new RunCompare.Request(a, b));
            return output.emit(context(), title(), result);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List the checks, what each looks at, and its thresholds.", "Thresholds are as configured, before group and node overrides."})
    static final class ListChecks extends ReportingCommand implements Callable<Integer> {

        @Override
        public Integer call() {
            return output.emit(context(), title(), HealthcheckListing.checks(context().session()));
        }
    }
}
