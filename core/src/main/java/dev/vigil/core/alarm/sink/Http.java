package dev.vigil.core.alarm.sink;

import dev.vigil.core.alarm.AlarmsConfig;
import dev.vigil.core.config.SecretRef;
import dev.vigil.core.tls.HttpClients;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** The HTTP side shared by the Alertmanager and webhook sinks: TLS verified (system store or ca_file), auth from secret references, a deadline. */
final class Http {
    private final AlarmsConfig.Sink config;
    private final Map<String, String> env;
    private HttpClient client;

    Http(AlarmsConfig.Sink config, Map<String, String> env) {
        this.config = config;
        this.env = env;
    }

    private synchronized HttpClient client() throws IOException {
        if (client == null) {
            client = HttpClients.client(config.caFile(), config.timeoutOrDefault(), "ca_file");
        }
        return client;
    }

    /** POSTs the body; a reply other than 2xx is an IOException naming the status (never the URL's secrets: it has none). */
    void post(String url, byte[] body, Map<String, String> headers) throws IOException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(config.timeoutOrDefault())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(req::header);
        SecretRef token = SecretRef.ofEither(config.bearerTokenEnv(), config.bearerTokenFile(), "bearer token");
        SecretRef password = SecretRef.ofEither(config.passwordEnv(), config.passwordFile(), "password");
        HttpClients.authorize(req, config.username(), password, token, env);
        HttpResponse<String> r;
        try {
            r = client().send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
        if (r.statusCode() / 100 != 2) {
            String b = r.body() == null ? "" : r.body().strip();
            throw new IOException(config.id() + ": " + url + " answered " + r.statusCode() + (b.isEmpty() ? "" : ": " + b.lines().findFirst().orElse("")));
        }
    }
}
