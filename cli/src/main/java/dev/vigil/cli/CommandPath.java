package dev.vigil.cli;

import dev.vigil.core.inventory.Suggest;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.List;

/**
 * Walks the words of a command line down the command tree the way picocli will, to find a word that
 * names no command where one is expected ({@code vigil alarms --help}). picocli prints the root's help
 * and exits 0 for that; Vigil says which word is wrong, names the closest command, and exits 64.
 */
final class CommandPath {
    private CommandPath() {
    }

    /** The first word that is not an option or an option's value (the subcommand's name), or null when there is none. */
    static String firstWord(CommandLine root, String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                return null;
            }
            if (a.startsWith("-") && a.length() > 1) {
                if (takesNext(root.getCommandSpec(), a)) {
                    i++;
                }
                continue;
            }
            return a;
        }
        return null;
    }

    /** The one-line complaint about the first unknown command word, or null when every word is in place. */
    static String unknownCommand(CommandLine root, String[] args) {
        CommandLine at = root;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                return null;
            }
            if (a.startsWith("-") && a.length() > 1) {
                if (takesNext(at.getCommandSpec(), a)) {
                    i++; // its value
                }
                continue;
            }
            if (at.getSubcommands().isEmpty()) {
                return null; // a leaf: the rest are its own parameters
            }
            CommandLine sub = at.getSubcommands().get(a);
            if (sub == null) {
                if (!at.getCommandSpec().positionalParameters().isEmpty()) {
                    return null;
                }
                String name = at.getCommandSpec().qualifiedName();
                String near = Suggest.closest(a, at.getSubcommands().keySet());
                return "'" + a + "' is not a command of " + name + (near != null ? "; did you mean '" + near + "'?" : "; the commands are "
                        + String.join(", ", visible(at))) + " (see '" + name + " --help')";
            }
            at = sub;
        }
        return null;
    }

    private static List<String> visible(CommandLine c) {
        return c.getSubcommands().entrySet().stream().filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
                .map(java.util.Map.Entry::getKey).distinct().toList();
    }

    /** Whether this option word takes the next word as its value (not --x=y, -ihosts, a flag, or an unknown option). */
    private static boolean takesNext(CommandSpec spec, String arg) {
        if (arg.contains("=")) {
            return false;
        }
        OptionSpec o = spec.findOption(arg);
        return o != null && o.arity().max() > 0 && !o.typeInfo().isBoolean();
    }
}
