package dev.vigil.cli;

import dev.vigil.power.PowerOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code vigil power status|on|off|cycle|audit|policy}: the nodes' power through their BMCs. */
@Command(name = "power", mixinStandardHelpOptions = true,
        description = "Read and change node power through the BMCs (IPMI or Redfish), in parallel over the selected nodes.",
        subcommands = {PowerCommand.StatusCmd.class, PowerCommand.On.class, PowerCommand.Off.class, PowerCommand.Cycle.class,
                PowerCommand.Audit.class, PowerCommand.Policy.class, RecoverCommand.class})
final class PowerCommand extends GroupCommand {

    abstract static class BmcCommand extends ReportingCommand implements Callable<Integer> {

        @Option(names = "--yes", description = "Do it without asking, on more than one node without -l (off, cycle, policy).")
        boolean yes;

        abstract PowerOperation.Op op();

        String policy() {
            return null;
        }

        @Override
        public Integer call() {
            CommandContext ctx = context();
            PowerOperation.Request request = new PowerOperation.Request(op(), policy(), yes);
            String question = PowerOperation.confirmation(ctx.session(), request);
            if (question != null) {
                java.io.Console console = System.console();
                if (console != null) {
                    String answer = console.readLine("%s? [y/N] ", question);
                    if (answer == null || !answer.trim().toLowerCase(java.util.Locale.ROOT).startsWith("y")) {
                        throw new dev.vigil.core.error.UsageException(op().task() + ": not confirmed; nothing was sent");
                    }
                    request = new PowerOperation.Request(op(), policy(), true);
                }
            }
            PowerOperation.Result result = PowerOperation.run(ctx.session(), request);
            return output.emit(context(), title(), result);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show each node's power state as its BMC reports it.")
    static final class StatusCmd extends BmcCommand {
        @Override
        PowerOperation.Op op() {
            return PowerOperation.Op.STATUS;
        }
    }

    @Command(name = "on", mixinStandardHelpOptions = true, description = "Power the nodes on (nodes already on are left alone), confirmed by reading back.")
    static final class On extends BmcCommand {
        @Override
        PowerOperation.Op op() {
            return PowerOperation.Op.ON;
        }
    }

    @Command(name = "off", mixinStandardHelpOptions = true, description = "Power the nodes off (hard), confirmed by reading back.")
    static final class Off extends BmcCommand {
        @Override
        PowerOperation.Op op() {
            return PowerOperation.Op.OFF;
        }
    }

    @Command(name = "cycle", mixinStandardHelpOptions = true, description = "Power the nodes off and on again.")
    static final class Cycle extends BmcCommand {
        @Override
        PowerOperation.Op op() {
            return PowerOperation.Op.CYCLE;
        }
    }

    @Command(name = "policy", mixinStandardHelpOptions = true,
            description = "Set the chassis power-restore policy (what the node does when power returns), confirmed by reading back.")
    static final class Policy extends BmcCommand {
        @picocli.CommandLine.Parameters(index = "0", paramLabel = "POLICY", converter = PolicyConverter.class,
                description = "always-on (recommended: the node boots when power returns), previous, or always-off.")
        String policy;

        static final class PolicyConverter implements picocli.CommandLine.ITypeConverter<String> {
            @Override
            public String convert(String s) {
                if (!PowerOperation.POLICIES.contains(s)) {
                    throw new picocli.CommandLine.TypeConversionException("'" + s + "' is not a restore policy: use always-on, previous or always-off");
                }
                return s;
            }
        }

        @Override
        String policy() {
            return policy;
        }

        @Override
        PowerOperation.Op op() {
            return PowerOperation.Op.POLICY;
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = {"Audit each BMC: reachability, credentials and power-restore policy.",
                    "Nodes that will stay off when power returns (policy always-off) are FAILED: fix them before the next outage."})
    static final class Audit extends BmcCommand {
        @Override
        PowerOperation.Op op() {
            return PowerOperation.Op.AUDIT;
        }
    }

}
