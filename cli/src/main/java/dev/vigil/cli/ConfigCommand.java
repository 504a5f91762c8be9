package dev.vigil.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vigil.core.config.Durations;
import dev.vigil.core.config.SecretRef;
import dev.vigil.core.config.Yaml;
import dev.vigil.core.transport.SshOptions;
import dev.vigil.core.result.ExitCode;
import dev.vigil.core.text.Plural;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code vigil config show}: the effective configuration, secrets shown only as references. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Show the effective configuration, or check the whole file.",
        subcommands = {ConfigCommand.Show.class, ConfigCommand.Validate.class})
final class ConfigCommand extends GroupCommand {
    @Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Print the effective configuration as YAML: the config file, flags and defaults merged.",
                    "Secrets are never shown: only where they come from, and whether that is set."})
    static final class Show extends ReportingCommand implements Callable<Integer> {

        @Override
        public Integer call() throws JsonProcessingException {
            CommandContext ctx = context();
            SshOptions ssh = ctx.sshOptions(false);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("config_file", ctx.configPath() == null ? "(none)" : ctx.configPath().toString());
            Path inv = ctx.inventoryPath();
            doc.put("inventory", inv == null ? "(none: the local machine)" : inv.toString());
            doc.put("state_dir", ctx.stateDirPath().toString());
            doc.put("parallel", ctx.parallel());
            doc.put("command_timeout", Durations.format(ctx.commandTimeout()));
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("user", ssh.defaultUser() == null ? "(the local user, unless the inventory or ssh config names one)" : ssh.defaultUser());
            s.put("port", ssh.defaultPort() == null ? 22 : ssh.defaultPort());
            s.put("identity", ssh.identityFiles().isEmpty() ? "(inventory, ssh config, or ~/.ssh/id_*)"
                    : ssh.identityFiles().stream().map(Path::toString).collect(Collectors.toList()));
            s.put("known_hosts", ssh.knownHostsFile().toString());
            s.put("known_hosts_read_only", ssh.readOnlyKnownHosts().stream().map(Path::toString).collect(Collectors.toList()));
            s.put("accept_new_host_keys", ssh.acceptNewHostKeys());
            s.put("connect_timeout", Durations.format(ssh.connectTimeout()));
            s.put("keepalive_interval", Durations.format(ssh.keepaliveInterval()));
            s.put("keepalive_count_max", ssh.keepaliveCountMax());
            s.put("password", describe(ssh.password(), ctx.env()));
            s.put("passphrase", describe(ssh.passphrase(), ctx.env()));
            s.put("config", ssh.sshConfig() == null ? "(none)" : ssh.sshConfig().toString());
            s.put("agent", ssh.useAgent());
            doc.put("ssh", s);
            String yaml = Yaml.mapper().writeValueAsString(doc).replaceFirst("^---\\n", "");
            // table (the default) is the YAML an operator reads; --format json the same document
            return output.emit(ctx, title(), new Listing("configuration", doc, List.of(doc)), () -> yaml);
        }

        /** Where a secret comes from and whether it is there; never the value. */
        private static String describe(SecretRef ref, Map<String, String> env) {
            if (ref == null) {
                return "(none)";
            }
            boolean present = ref.kind() == SecretRef.Kind.ENV ? env.get(ref.ref()) != null
                    : java.nio.file.Files.isReadable(Path.of(dev.vigil.core.config.Paths.expandHome(ref.ref())));
            return ref + (present ? " (set, redacted)" : " (not set)");
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Check the whole config file, every section, before a night's jobs depend on it.",
                    "The core settings and every module's section (backup, healthcheck, kbox, power, schedules) are read as the",
                    "commands read them; each problem is shown at its file, line and column. Exit 64 when there is one."})
    static final class Validate extends ReportingCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            GlobalOptions g = Vigil.globalOptions(spec);
            Path file = dev.vigil.core.session.Session.findConfig(g.sessionOptions(), g.env);
            List<Map<String, Object>> rows = new java.util.ArrayList<>();
            Map<String, java.util.function.Function<Path, List<String>>> sections = new LinkedHashMap<>();
            sections.put("(core: inventory, state_dir, parallel, ssh ...)", p -> {
                dev.vigil.core.config.VigilConfig.load(p);
                return List.of();
            });
            dev.vigil.core.action.Actions.configSections().forEach((name, c) -> sections.put(name, c.check()));
            if (file != null) {
                sections.forEach((name, check) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("section", name);
                    try {
                        row.put("warnings", check.apply(file));
                        row.put("problem", null);
                    } catch (RuntimeException e) {
                        row.put("warnings", List.of());
                        row.put("problem", e.getMessage());
                    }
                    rows.add(row);
                });
            }
            long bad = rows.stream().filter(r -> r.get("problem") != null).count();
            String line = file == null ? "no config file (--config, $VIGIL_CONFIG, ~/.config/vigil/vigil.yaml, /etc/vigil/vigil.yaml): every section is at its defaults"
                    : file + (bad == 0 ? ": valid, " + Plural.of(rows.size(), "section") + " checked" : ": " + Plural.of(bad, "problem"));
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("file", file == null ? null : file.toString());
            doc.put("valid", bad == 0);
            doc.put("sections", rows);
            int code = output.emit(g.out, g.env, title(), new Listing(line, doc, rows), () -> Renderers.text(out -> {
                rows.stream().filter(r -> r.get("problem") != null).forEach(r -> out.println("vigil: " + r.get("problem")));
                rows.forEach(r -> ((List<?>) r.get("warnings")).forEach(w -> out.println("vigil: warning: " + file + ": " + w)));
                out.println(line);
            }), "rw-------");
            // a bad config is what the operator must fix: the usage exit of the table, as every command gives for it
            return bad == 0 ? code : ExitCode.USAGE.code();
        }
    }
}
