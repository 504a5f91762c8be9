package dev.vigil.cli;

import dev.vigil.core.error.VigilException;
import dev.vigil.core.result.ExitCode;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The {@code vigil} root command. {@link #run} is the whole program: it never calls System.exit,
 * and decides every exit code from DESIGN.md's table in one place.
 */
@Command(name = "vigil",
        versionProvider = VersionProvider.class,
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {"Operate a virtualization platform: health checks, black box, fault collection, backup, power-on recovery and playbooks.",
                "It works over SSH and the BMCs, on every node of the inventory.", "",
                "With no inventory, every command works on the local machine."},
        footer = {"", "Exit codes: 0 ok, 1 warning, 2 critical/failed, 3 unknown/unreachable, 64 usage or config error."})
public final class Vigil implements Runnable {
    /**
     * The subcommands, in help order. Added to the tree when the run needs them: building picocli's model
     * of every command is most of a short command's start-up, so a run builds only the one it calls
     * (help, completion and an unknown word get them all).
     */
    static final List<Class<?>> COMMANDS = List.of(HealthcheckCommand.class, KboxCommand.class, CollectCommand.class, PowerCommand.class,
            BackupCommand.class, PlaybookCommand.class, ScheduleCommand.class, DaemonCommand.class, AlarmsCommand.class, ExecCommand.class, InventoryCommand.class,
            ConfigCommand.class, AutoComplete.GenerateCompletion.class, HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    GlobalOptions global;

    /** The shared options of the run a subcommand belongs to. */
    static GlobalOptions globalOptions(CommandLine.Model.CommandSpec spec) {
        return ((Vigil) spec.root().userObject()).global;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** The command tree with its converters and help sections, as the help tests use it. */
    static CommandLine commandLine(Map<String, String> env, PrintWriter out, PrintWriter err) {
        return commandLine(env, out, err, true, new String[0]);
    }

    /** The command tree with its converters; the help sections (examples, own options only) only when help will be shown. */
    static CommandLine commandLine(Map<String, String> env, PrintWriter out, PrintWriter err, boolean help, String[] args) {
        Factory factory = new Factory(env, out, err);
        CommandLine cmd = new CommandLine(new Vigil(), factory);
        String first = help ? null : CommandPath.firstWord(cmd, args);
        // no command word and no help: --version, or the one-line "a command is required", need none of them
        boolean all = help || first != null && (first.equals("generate-completion")
                || COMMANDS.stream().noneMatch(c -> c.getAnnotation(Command.class).name().equals(first)));
        for (Class<?> c : COMMANDS) {
            String name = c.getAnnotation(Command.class).name();
            if (all || name.equals(first)) {
                cmd.addSubcommand(name, new CommandLine(c, factory));
            }
        }
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.registerConverter(java.time.Duration.class, new DurationConverter());
        if (help) {
            UsageHelp.install(cmd);
        }
        return cmd;
    }

    public static int run(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
        boolean stacktrace = Arrays.asList(args).contains("--stacktrace");
        PrintWriter outWriter = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        // building the help sections costs start-up time: only when the help will be shown
        boolean help = Arrays.stream(args).anyMatch(a -> a.equals("-h") || a.equals("--help") || a.equals("help"));
        CommandLine cmd = commandLine(env, outWriter, errWriter, help, args);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof VigilException) {
                errWriter.println("vigil: " + ex.getMessage());
                if (commandLine.getCommand() instanceof NagiosAware n && n.nagiosOutput()) {
                    // a monitoring system reads the plugin's stdout: it gets the status line too
                    outWriter.println("VIGIL UNKNOWN - " + ex.getMessage().lines().findFirst().orElse(""));
                }
                if (stacktrace) {
                    ex.printStackTrace(errWriter);
                }
                return usageCode(commandLine, ((VigilException) ex).exitCode());
            }
            errWriter.println("vigil: internal error: " + ex
                    + (stacktrace ? "" : " (run again with --stacktrace for details)"));
            if (stacktrace) {
                ex.printStackTrace(errWriter);
            }
            return ExitCode.UNKNOWN.code();
        });
        cmd.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            String name = c.getCommandSpec().qualifiedName();
            // "Invalid value for option '--since': ..." reads as the other errors do: "--since: ..."
            String said = ex.getMessage().replace('\n', ' ').strip().replaceFirst("^Invalid value for option '([^']+)': ", "$1: ");
            errWriter.println("vigil: " + said + " (see '" + name + " --help')");
            if (stacktrace) {
                ex.printStackTrace(errWriter);
            }
            return usageCode(c, ExitCode.USAGE);
        });
        String unknown = CommandPath.unknownCommand(cmd, args);
        if (unknown != null) {
            errWriter.println("vigil: " + unknown);
            errWriter.flush();
            return ExitCode.USAGE.code();
        }
        try {
            return cmd.execute(args);
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    /** Nagios plugins report a usage error as UNKNOWN (3); every other output format uses 64. */
    private static int usageCode(CommandLine c, ExitCode code) {
        if (code == ExitCode.USAGE && c.getCommand() instanceof NagiosAware && ((NagiosAware) c.getCommand()).nagiosOutput()) {
            return ExitCode.UNKNOWN.code();
        }
        return code.code();
    }

    /** A command whose output may be Nagios plugin text. */
    public interface NagiosAware {
        boolean nagiosOutput();
    }

    /** Gives each command the environment and output streams of this run. */
    static final class Factory implements CommandLine.IFactory {
        private final Map<String, String> env;
        private final PrintWriter out;
        private final PrintWriter err;

        Factory(Map<String, String> env, PrintWriter out, PrintWriter err) {
            this.env = env;
            this.out = out;
            this.err = err;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            K instance = CommandLine.defaultFactory().create(cls);
            if (instance instanceof GlobalOptions) {
                ((GlobalOptions) instance).bind(env, out, err);
            }
            return instance;
        }
    }
}
