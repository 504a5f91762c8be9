package dev.vigil.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Help that reads well: a sentence first, examples that parse, global options once, unknown commands named. */
class HelpCliTest {
    @TempDir
    Path dir;

    private static CommandLine tree() {
        PrintWriter w = new PrintWriter(new StringWriter());
        return Vigil.commandLine(Map.of(), w, w);
    }

    private static void walk(CommandLine c, List<CommandLine> out) {
        out.add(c);
        c.getSubcommands().values().stream().distinct().forEach(s -> walk(s, out));
    }

    @Test
    void everyCommand_startsWithASentence_andHasExamplesThatParse() {
        List<CommandLine> all = new ArrayList<>();
        walk(tree(), all);
        Map<String, List<String>> examples = UsageHelp.examples();
        assertThat(all).hasSizeGreaterThan(40);
        for (CommandLine c : all) {
            String name = c.getCommandSpec().qualifiedName();
            String[] d = c.getCommandSpec().usageMessage().description();
            assertThat(d).as(name).isNotEmpty();
            assertThat(d[0]).as(name + ": the first help line is a whole sentence").matches("[A-Z].*\\.");
            assertThat(examples.get(name)).as(name + " has examples").isNotEmpty();
            for (String ex : examples.get(name)) {
                if (!ex.startsWith("vigil ")) {
                    continue;
                }
                List<String> words = words(ex.replaceFirst("\\s+#.*$", ""));
                CommandLine fresh = tree();
                fresh.parseArgs(words.subList(1, words.size()).toArray(new String[0])); // throws if an example does not parse
                assertThat(CommandPath.unknownCommand(fresh, words.subList(1, words.size()).toArray(new String[0]))).as(ex).isNull();
            }
        }
        assertThat(examples.keySet()).as("no examples for a command that does not exist")
                .allMatch(k -> all.stream().anyMatch(c -> c.getCommandSpec().qualifiedName().equals(k)));
    }

    /** Shell words: single and double quotes, as an operator would paste the example. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean in = false;
        for (char ch : line.toCharArray()) {
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                in = true;
            } else if ((ch == '>' || ch == '|') && !in) {
                return out; // a redirection or a pipe: the shell's, not vigil's
            } else if (Character.isWhitespace(ch)) {
                if (in) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    in = false;
                }
            } else {
                cur.append(ch);
                in = true;
            }
        }
        if (in) {
            out.add(cur.toString());
        }
        return out;
    }

    private InProcess vigil(String... args) throws Exception {
        Files.writeString(dir.resolve("vigil.yaml"), "");
        return InProcess.run(dir.resolve("st"), dir.resolve("vigil.yaml"), args);
    }

    @Test
    void anUnknownCommand_isExit64NamingTheClosest_evenWithHelp() throws Exception {
        InProcess r = vigil("helthcheck", "run", "--help");
        assertThat(r.code()).isEqualTo(64);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).isEqualTo("vigil: 'helthcheck' is not a command of vigil; did you mean 'healthcheck'? (see 'vigil --help')");
        InProcess far = vigil("frobnicate", "--help");
        assertThat(far.code()).isEqualTo(64);
        assertThat(far.err().strip().lines()).singleElement().asString().contains("'frobnicate' is not a command").contains("healthcheck, kbox");
        InProcess deeper = vigil("-l", "compute", "backup", "restor", "--node", "x");
        assertThat(deeper.code()).isEqualTo(64);
        assertThat(deeper.err()).contains("did you mean 'restore'");
        assertThat(vigil("exec", "--", "echo", "not-a-command").code()).as("words after a leaf are its own").isZero();
    }

    @Test
    void helpReachesAnyDepth_andGlobalOptionsAreShownOnce() throws Exception {
        InProcess r = vigil("help", "healthcheck", "run");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Usage: vigil healthcheck run").contains("--checks").contains("Examples:")
                .doesNotContain("--inventory").contains("see 'vigil --help'");
        assertThat(vigil("--help").out()).contains("--inventory").contains("--known-hosts");
        assertThat(vigil("help", "healthcheck", "rn").code()).isEqualTo(64);
    }
}
