package dev.vigil.core.tls;

import dev.vigil.core.config.SecretRef;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * HTTP to the systems Vigil reads alarms from and sends them to (Alertmanager, webhooks): TLS verified
 * against the system store or a CA file, and credentials from secret references only (a bearer token, or
 * basic auth), never from the URL.
 */
public final class HttpClients {
    private HttpClients() {
    }

    /** A client with this connect timeout, trusting {@code caFile} (null: the system store); {@code key} names the setting in errors. */
    public static HttpClient client(String caFile, Duration connectTimeout, String key) throws IOException {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(connectTimeout);
        if (caFile != null) {
            try {
                b.sslContext(TlsTrust.context(Path.of(caFile)));
            } catch (java.security.GeneralSecurityException e) {
                throw new IOException("cannot use " + key + " " + caFile + ": " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    /** Adds the Authorization header: Bearer with the token, else Basic with username and password, else nothing. */
    public static void authorize(HttpRequest.Builder req, String username, SecretRef password, SecretRef token, Map<String, String> env) {
        if (token != null) {
            req.header("Authorization", "Bearer " + new String(token.resolve(env)).strip());
        } else if (password != null) {
            String basic = username + ":" + new String(password.resolve(env));
            req.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
