package dev.vigil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.List;
import java.util.Map;

/**
 * The help of every command below the root shows its own options only; the global ones (-i, -l, -c,
 * --state-dir, SSH ...) are listed once, in {@code vigil --help}, and named in one footer line.
 */
final class UsageHelp {
    static final String GLOBAL = "Global options (-i inventory, -l limit, -c config, --state-dir, -p, -t, SSH, -v): see 'vigil --help'.";

    private UsageHelp() {
    }

    private static final Map<String, List<String>> EXAMPLES = examples();

    static void install(CommandLine root) {
        // the section order is set once, on the root: picocli hands it down to every subcommand
        List<String> keys = new java.util.ArrayList<>(root.getHelpSectionKeys());
        keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), "examples");
        root.setHelpSectionKeys(keys);
        addExamples(root);
        for (CommandLine sub : root.getSubcommands().values()) {
            installBelow(sub);
        }
    }

    /** Every command's examples, from examples.txt: "== vigil backup run", then its lines. */
    static Map<String, List<String>> examples() {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        try (java.io.InputStream in = UsageHelp.class.getResourceAsStream("examples.txt")) {
            String current = null;
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (line.startsWith("== ")) {
                    current = line.substring(3).strip();
                    out.put(current, new java.util.ArrayList<>());
                } else if (current != null) {
                    out.get(current).add(line);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    private static void addExamples(CommandLine c) {
        List<String> ex = EXAMPLES.getOrDefault(c.getCommandSpec().qualifiedName(), List.of());
        String nl = String.format("%n");
        c.getHelpSectionMap().put("examples", help -> ex.isEmpty() ? ""
                : nl + "Examples:" + nl + ex.stream().map(l -> "  " + l + nl).collect(java.util.stream.Collectors.joining()));
    }

    private static void installBelow(CommandLine c) {
        addExamples(c);
        c.getCommandSpec().usageMessage().abbreviateSynopsis(true);
        Map<String, CommandLine.IHelpSectionRenderer> sections = c.getHelpSectionMap();
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> {
            CommandLine.Help.Layout layout = help.createDefaultLayout();
            for (OptionSpec o : help.commandSpec().options()) {
                if (!o.inherited() && !o.hidden()) {
                    layout.addOption(o, help.createDefaultParamLabelRenderer());
                }
            }
            return layout.toString();
        });
        CommandLine.IHelpSectionRenderer footer = sections.get(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER);
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, help -> (footer == null ? "" : footer.render(help))
                + String.format("%n") + GLOBAL + String.format("%n"));
        for (CommandLine sub : c.getSubcommands().values()) {
            installBelow(sub);
        }
    }
}
