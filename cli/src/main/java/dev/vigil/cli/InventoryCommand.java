package dev.vigil.cli;

import dev.vigil.core.exec.Connectivity;
import dev.vigil.core.inventory.InventoryListing;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code vigil inventory list|check|trust}. */
@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = "Show the inventory, check that every node can be reached, record host keys on first use.",
        subcommands = {InventoryCommand.ListNodes.class, InventoryCommand.Check.class, InventoryCommand.Trust.class})
final class InventoryCommand extends GroupCommand {
    @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
            description = "List the selected nodes with their address, user, groups and BMC.")
    static final class ListNodes extends ReportingCommand implements Callable<Integer> {

        @Override
        public Integer call() {
            return output.emit(context(), title(), InventoryListing.run(context().session()));
        }
    }

    /** Connects to each node, runs {@code true}, and reports connectivity, host key, auth and round trip. */
    abstract static class ProbeCommand extends ReportingCommand implements Callable<Integer> {

        abstract boolean trustNewKeys();

        @Override
        public Integer call() {
            CommandContext ctx = context();
            Connectivity.Result result = Connectivity.run(ctx.session(), new Connectivity.Request(trustNewKeys()));
            return output.emit(context(), title(), result);
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Check every selected node: connection, host key, authentication and round-trip time.",
                    "Unknown or changed host keys are refused; see 'vigil inventory trust'."})
    static final class Check extends ProbeCommand {
        @Override
        boolean trustNewKeys() {
            return false;
        }

    }

    @Command(name = "trust", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Record the host keys of the selected nodes that are not yet known, in Vigil's known_hosts.",
                    "This is trust on first use, like OpenSSH's accept-new. A key that differs from a known one",
                    "is always refused. Compare the fingerprints shown with the nodes' own before relying on them."})
    static final class Trust extends ProbeCommand {
        @Override
        boolean trustNewKeys() {
            return true;
        }

    }
}
