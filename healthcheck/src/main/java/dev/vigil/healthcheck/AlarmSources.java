package dev.vigil.healthcheck;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.config.Durations;
import dev.vigil.core.config.Yaml;
import dev.vigil.core.state.StateDir;
import dev.vigil.healthcheck.HealthcheckConfig.Alarms;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fetches the active alarms once per run, on the controller: a Prometheus Alertmanager
 * ({@code GET /api/v2/alerts}, TLS verified), a JSON file, a command printing JSON, and Vigil's own
 * ({@code <state>/alarms/active.json}). File and command JSON: an array of
 * {@code {name, severity, node, summary, since}}.
 */
public final class AlarmSources {
    /** What was fetched, and the first error met (the others still count). */
    public record Fetched(List<RunEnvironment.Alarm> alarms, String error) {
    }

    private AlarmSources() {
    }

    public static Fetched fetch(Alarms config, Path stateDir) {
        return fetch(config, stateDir, System.getenv());
    }

    /** @param env where secret references (password_env, bearer_token_env) are looked up */
    public static Fetched fetch(Alarms config, Path stateDir, java.util.Map<String, String> env) {
        List<RunEnvironment.Alarm> out = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Path own = new StateDir(stateDir).activeAlarms();
        if (Files.isRegularFile(own)) {
            read(() -> Files.readString(own, StandardCharsets.UTF_8), "vigil", out, errors);
        }
        // the crashes Vigil saw itself (kbox listen), firing in its alarm store; never the health check's own alarms
        dev.vigil.core.alarm.AlarmStore store = new dev.vigil.core.alarm.AlarmStore(new StateDir(stateDir).alarms());
        if (Files.isRegularFile(store.file())) {
            try {
                store.read().alarms().values().stream()
                        .filter(a -> a.active() && !a.source().equals("healthcheck"))
                        .forEach(a -> out.add(new RunEnvironment.Alarm(a.item(), a.severity(), a.node(), a.summary(), a.raisedAt(), "vigil-" + a.source())));
            } catch (IOException | RuntimeException e) {
                errors.add("vigil's alarm store: " + e.getMessage());
            }
        }
        if (config != null) {
            Duration timeout = config.timeout() == null ? Duration.ofSeconds(10) : Durations.parse(config.timeout());
            if (config.alertmanager() != null) {
                try {
                    out.addAll(alertmanager(config, timeout, env));
                } catch (IOException | RuntimeException e) {
                    // never the URL's userinfo, never a secret: the URL is shown redacted, the message is the client's
                    errors.add("alertmanager " + dev.vigil.core.text.Urls.redacted(config.alertmanager()) + ": "
                            + dev.vigil.core.text.Urls.redacted(String.valueOf(e.getMessage())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    errors.add("alertmanager: interrupted");
                }
            }
            if (config.file() != null) {
                read(() -> Files.readString(Path.of(config.file()), StandardCharsets.UTF_8), "file " + config.file(), out, errors);
            }
            if (config.command() != null) {
                read(() -> command(config.command(), timeout), "command", out, errors);
            }
        }
        return new Fetched(out, errors.isEmpty() ? null : String.join("; ", errors));
    }

    private interface Text {
        String get() throws IOException, InterruptedException;
    }

    private static void read(Text text, String source, List<RunEnvironment.Alarm> out, List<String> errors) {
        try {
            out.addAll(parseSimple(text.get(), source));
        } catch (IOException | RuntimeException e) {
            errors.add(source + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.add(source + ": interrupted");
        }
    }

    /** The simple format: [{"name", "severity", "node", "summary", "since"}]. */
    public static List<RunEnvironment.Alarm> parseSimple(String json, String source) throws IOException {
        JsonNode root = Yaml.jsonMapper().readTree(json);
        if (!root.isArray()) {
            throw new IOException("expected a JSON array of alarms");
        }
        List<RunEnvironment.Alarm> out = new ArrayList<>();
        for (JsonNode a : root) {
            out.add(new RunEnvironment.Alarm(a.path("name").asText("unnamed"), text(a, "severity"), text(a, "node"),
                    text(a, "summary"), text(a, "since"), source));
        }
        return out;
    }

    /** Alertmanager API v2: the node is the node, nodename, hostname or instance label (port dropped). */
    public static List<RunEnvironment.Alarm> parseAlertmanager(String json) throws IOException {
        JsonNode root = Yaml.jsonMapper().readTree(json);
        List<RunEnvironment.Alarm> out = new ArrayList<>();
        for (JsonNode a : root) {
            if (!a.path("status").path("state").asText("active").equals("active")) {
                continue;
            }
            JsonNode l = a.path("labels");
            String node = text(l, "node");
            for (String k : new String[] {"nodename", "hostname", "instance"}) {
                if (node == null) {
                    node = text(l, k);
                }
            }
            if (node != null && node.matches(".*:\\d+$") && !node.startsWith("[")) {
                node = node.substring(0, node.lastIndexOf(':'));
            }
            out.add(new RunEnvironment.Alarm(l.path("alertname").asText("unnamed"), text(l, "severity"), node,
                    text(a.path("annotations"), "summary"), text(a, "startsAt"), "alertmanager"));
        }
        return out;
    }

    private static List<RunEnvironment.Alarm> alertmanager(Alarms config, Duration timeout, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        HttpClient client = dev.vigil.core.tls.HttpClients.client(config.caFile(), timeout, "alarms.ca_file");
        String url = config.alertmanager().replaceAll("/+$", "") + "/api/v2/alerts?active=true&silenced=false&inhibited=false";
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("Accept", "application/json").GET();
        dev.vigil.core.config.SecretRef token = dev.vigil.core.config.SecretRef.ofEither(config.bearerTokenEnv(), config.bearerTokenFile(),
                "alarms bearer token");
        dev.vigil.core.config.SecretRef password = dev.vigil.core.config.SecretRef.ofEither(config.passwordEnv(), config.passwordFile(),
                "alarms password");
        dev.vigil.core.tls.HttpClients.authorize(req, config.username(), password, token, env);
        HttpResponse<String> r = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new IOException("HTTP " + r.statusCode() + ": the credentials were refused (alarms.username/password_env or bearer_token_env)");
        }
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode());
        }
        return parseAlertmanager(r.body());
    }

    private static String command(String command, Duration timeout) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(false).start();
        p.getOutputStream().close();
        byte[][] out = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = new byte[0];
            }
        });
        reader.setDaemon(true);
        reader.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IOException("did not finish within " + Durations.format(timeout));
        }
        reader.join(1000);
        if (p.exitValue() != 0) {
            throw new IOException("exit " + p.exitValue());
        }
        return new String(out[0] == null ? new byte[0] : out[0], StandardCharsets.UTF_8);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
