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
        int i = nextWord(root.getCommandSpec(), args, 0);
        return i < 0 ? null : args[i];
    }

    /** The one-line complaint about the first unknown command word, or null when every word is in place. */
    static String unknownCommand(CommandLine root, String[] args) {
        CommandLine at = root;
        for (int i = nextWord(at.getCommandSpec(), args, 0); i >= 0; i = nextWord(at.getCommandSpec(), args, i + 1)) {
            if (at.getSubcommands().isEmpty()) {
                return null; // a leaf: the rest are its own parameters
            }
            CommandLine sub = at.getSubcommands().get(args[i]);
            if (sub == null) {
                if (!at.getCommandSpec().positionalParameters().isEmpty()) {
                    return null;
                }
                String name = at.getCommandSpec().qualifiedName();
                String near = Suggest.closest(args[i], at.getSubcommands().keySet());
                return "'" + args[i] + "' is not a command of " + name + (near != null ? "; did you mean '" + near + "'?" : "; the commands are "
                        + String.join(", ", visible(at))) + " (see '" + name + " --help')";
            }
            at = sub;
        }
        return null;
    }

    /**
     * The index of the next word from {@code from} that is neither an option of this command nor an
     * option's value, or -1 at the end or at "--" (after which every word is a parameter).
     */
    private static int nextWord(CommandSpec spec, String[] args, int from) {
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                return -1;
            }
            if (a.startsWith("-") && a.length() > 1) {
                if (takesNext(spec, a)) {
                    i++; // its value
                }
                continue;
            }
            return i;
        }
        return -1;
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
