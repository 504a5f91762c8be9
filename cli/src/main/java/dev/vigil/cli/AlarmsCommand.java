package dev.vigil.cli;

import dev.vigil.core.alarm.Alarm;
import dev.vigil.core.alarm.AlarmListing;
import dev.vigil.core.alarm.Alarms;
import dev.vigil.core.result.Listing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code vigil alarms list|show|history|ack|clear|deliver}: the alarm store, seen and worked from a shell. */
@Command(name = "alarms", mixinStandardHelpOptions = true,
        description = {"List, acknowledge and clear the alarms Vigil raised, and deliver them to alarms.sinks.",
                "Scans with --alarms (the daemon's alarm-scan and routine jobs, kbox listen) raise an item after alarms.hard_after",
                "bad scans and clear it when it recovers; Alertmanager, webhooks and syslog get each change, in order, once."},
        subcommands = {AlarmsCommand.ListCmd.class, AlarmsCommand.Show.class, AlarmsCommand.History.class, AlarmsCommand.Ack.class,
                AlarmsCommand.Clear.class, AlarmsCommand.Deliver.class})
final class AlarmsCommand extends GroupCommand {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the firing and pending alarms, worst first; the exit code is the worst unacknowledged firing one's.")
    static final class ListCmd extends ReportingCommand implements Callable<Integer> {
        @Option(names = "--all", description = "Also the cleared alarms of the last 7 days.")
        boolean all;

        @Override
        public Integer call() {
            return output.emit(context(), title(), AlarmListing.list(context().session(), all));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one alarm: every field, its times and who acknowledged or cleared it.")
    static final class Show extends ReportingCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ALARM", description = "source/node/item, or a unique prefix of it (see 'vigil alarms list --format json').")
        String key;

        @Override
        public Integer call() {
            return output.emit(context(), title(), AlarmListing.show(context().session(), key));
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "List the alarms' state changes, oldest first.")
    static final class History extends ReportingCommand implements Callable<Integer> {
        @Option(names = "--last", paramLabel = "N", description = "Only the last N changes. Default: 100.")
        int last = 100;

        @Override
        public Integer call() {
            return output.emit(context(), title(), AlarmListing.history(context().session(), Math.max(1, last)));
        }
    }

    abstract static class Operate extends ReportingCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ALARM", description = "source/node/item, or a unique prefix of it.")
        String key;

        @Option(names = "--by", paramLabel = "NAME", description = "Who (kept in the alarm and its history). Default: the login name.")
        String by = System.getProperty("user.name");

        abstract boolean clear();

        @Override
        public Integer call() {
            Alarm a = Alarms.operate(context().session(), key, by, clear());
            String line = (clear() ? "cleared " : "acknowledged ") + a.key() + " (" + a.severity() + ": " + a.summary() + ")";
            Map<String, Object> doc = Map.of("alarm", a.key(), "state", a.state().label(), "by", by);
            return output.emit(context(), title(), new Listing(line, doc, List.of(doc), line + "\n"));
        }
    }

    @Command(name = "ack", mixinStandardHelpOptions = true, description = "Acknowledge an alarm: no more notifications of it until it clears; it stays listed.")
    static final class Ack extends Operate {
        @Override
        boolean clear() {
            return false;
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = "Clear an alarm whose source cannot clear it (a crash seen once); the sinks are told.")
    static final class Clear extends Operate {
        @Override
        boolean clear() {
            return true;
        }
    }

    @Command(name = "deliver", mixinStandardHelpOptions = true,
            description = "Deliver what is queued for each sink now (the daemon does this every minute); WARN when a sink is behind.")
    static final class Deliver extends ReportingCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            return output.emit(context(), title(), AlarmListing.deliver(context().session()));
        }
    }
}
