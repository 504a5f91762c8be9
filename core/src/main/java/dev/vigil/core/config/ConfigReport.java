package dev.vigil.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vigil.core.action.Actions;
import dev.vigil.core.result.ExitCode;
import dev.vigil.core.result.Listing;
import dev.vigil.core.session.Session;
import dev.vigil.core.session.SessionOptions;
import dev.vigil.core.text.Plural;
import dev.vigil.core.text.TextBlock;
import dev.vigil.core.transport.SshOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The use cases behind {@code vigil config show} (the effective configuration) and {@code config validate} (every section, checked). */
public final class ConfigReport {
    private ConfigReport() {
    }

    /** The config file, flags and defaults merged; secrets only as where they come from and whether that is set. */
    public static Listing show(Session session) {
        SshOptions ssh = session.sshOptions(false);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("config_file", session.configPath() == null ? "(none)" : session.configPath().toString());
        Path inv = session.inventoryPath();
        doc.put("inventory", inv == null ? "(none: the local machine)" : inv.toString());
        doc.put("state_dir", session.stateDirPath().toString());
        doc.put("parallel", session.parallel());
        doc.put("command_timeout", Durations.format(session.commandTimeout()));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("user", ssh.defaultUser() == null ? "(the local user, unless the inventory or ssh config names one)" : ssh.defaultUser());
        s.put("port", ssh.defaultPort() == null ? 22 : ssh.defaultPort());
        s.put("identity", ssh.identityFiles().isEmpty() ? "(inventory, ssh config, or ~/.ssh/id_*)"
                : ssh.identityFiles().stream().map(Path::toString).toList());
        s.put("known_hosts", ssh.knownHostsFile().toString());
        s.put("known_hosts_read_only", ssh.readOnlyKnownHosts().stream().map(Path::toString).toList());
        s.put("accept_new_host_keys", ssh.acceptNewHostKeys());
        s.put("connect_timeout", Durations.format(ssh.connectTimeout()));
        s.put("keepalive_interval", Durations.format(ssh.keepaliveInterval()));
        s.put("keepalive_count_max", ssh.keepaliveCountMax());
        s.put("password", describe(ssh.password(), session.env()));
        s.put("passphrase", describe(ssh.passphrase(), session.env()));
        s.put("config", ssh.sshConfig() == null ? "(none)" : ssh.sshConfig().toString());
        s.put("agent", ssh.useAgent());
        doc.put("ssh", s);
        try {
            // the table format is the YAML an operator reads; json the same document
            return new Listing("configuration", doc, List.of(doc), Yaml.mapper().writeValueAsString(doc).replaceFirst("^---\\n", ""));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the configuration as YAML", e);
        }
    }

    /** Where a secret comes from and whether it is there; never the value. */
    private static String describe(SecretRef ref, Map<String, String> env) {
        if (ref == null) {
            return "(none)";
        }
        boolean present = ref.kind() == SecretRef.Kind.ENV ? env.get(ref.ref()) != null : Files.isReadable(Path.of(Paths.expandHome(ref.ref())));
        return ref + (present ? " (set, redacted)" : " (not set)");
    }

    /** The config file checked whole: the core settings and every feature's section, each problem at its line and column. */
    public record Validation(Listing listing, boolean valid) {
        /** A bad config is what the operator must fix: the usage exit, as every command gives for it. */
        public int exitCode(int shown) {
            return valid ? shown : ExitCode.USAGE.code();
        }
    }

    public static Validation validate(SessionOptions options, Map<String, String> env) {
        Path file = Session.findConfig(options, env);
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, Function<Path, List<String>>> sections = new LinkedHashMap<>();
        sections.put("(core: inventory, state_dir, parallel, ssh ...)", p -> {
            VigilConfig.load(p);
            return List.of();
        });
        sections.put("alarms", p -> {
            dev.vigil.core.alarm.AlarmsConfig.load(p);
            return List.of();
        });
        Actions.configSections().forEach((name, c) -> sections.put(name, c.check()));
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
        String text = TextBlock.of(out -> {
            rows.stream().filter(r -> r.get("problem") != null).forEach(r -> out.println("vigil: " + r.get("problem")));
            rows.forEach(r -> ((List<?>) r.get("warnings")).forEach(w -> out.println("vigil: warning: " + file + ": " + w)));
            out.println(line);
        });
        return new Validation(new Listing(line, doc, rows, text), bad == 0);
    }
}
