package dev.vigil.core.alarm.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.core.alarm.AlarmSink;
import dev.vigil.core.alarm.AlarmStore;
import dev.vigil.core.alarm.AlarmsConfig;
import dev.vigil.core.config.Yaml;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Alertmanager and webhook sinks against a loopback HTTP receiver: the shared contract, and each one's wire format. */
class HttpSinksTest {
    HttpServer server;
    final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    final List<String> signatures = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            bodies.add(ex.getRequestURI().getPath() + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String sig = ex.getRequestHeaders().getFirst(WebhookSink.SIGNATURE);
            if (sig != null) {
                signatures.add(sig);
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static AlarmsConfig.Sink config(String type, String url, String secretEnv) {
        return new AlarmsConfig.Sink(null, type, url, null, null, null, null, null, null, secretEnv, null, null, null, "3s");
    }

    /** One line per alert in the bodies: node, item, severity, status. */
    List<String> alerts() throws Exception {
        List<String> out = new ArrayList<>();
        for (String b : new ArrayList<>(bodies)) {
            JsonNode j = Yaml.jsonMapper().readTree(b.substring(b.indexOf(' ') + 1));
            for (JsonNode a : j.isArray() ? j : j.get("alerts")) {
                out.add(a.get("labels").get("node").asText() + " " + a.get("labels").get("item").asText() + " " + a.get("labels").get("severity").asText()
                        + " " + a.path("status").asText(a.has("endsAt") ? "ends " + a.get("endsAt").asText() : ""));
            }
        }
        return out;
    }

    @Nested
    class Alertmanager extends AlarmSinkContract {
        @Override
        AlarmSink sink() {
            return new AlertmanagerSink(config("alertmanager", url(), null), Map.of());
        }

        @Override
        List<String> received() throws Exception {
            return alerts();
        }

        @Override
        void stopReceiver() {
            server.stop(0);
        }

        @Test
        void theFiringAreSentAgainAndTheClearedOnceWithEndsAt() throws Exception {
            List<AlarmStore.Queued> ev = events("cna-01", "cna-02");
            sink().deliver(ev, firing(ev));
            assertThat(bodies).singleElement().asString().startsWith("/api/v2/alerts ");
            JsonNode body = Yaml.jsonMapper().readTree(bodies.get(0).substring("/api/v2/alerts ".length()));
            assertThat(body).hasSize(2);
            JsonNode firing = body.get(0);
            assertThat(firing.get("labels").get("alertname").asText()).isEqualTo("disk-inodes");
            assertThat(firing.get("labels").get("node").asText()).isEqualTo("cna-02");
            assertThat(firing.get("labels").get("group").asText()).as("the alarm's own labels").isEqualTo("compute");
            assertThat(firing.get("startsAt").asText()).isEqualTo("2026-12-02T01:00:00Z");
            assertThat(java.time.Instant.parse(firing.get("endsAt").asText())).isAfter(java.time.Instant.now());
            JsonNode cleared = body.get(1);
            assertThat(cleared.get("labels").get("node").asText()).isEqualTo("cna-01");
            assertThat(cleared.get("endsAt").asText()).isEqualTo("2026-12-02T01:05:00Z");
        }
    }

    @Nested
    class Webhook extends AlarmSinkContract {
        @Override
        AlarmSink sink() {
            return new WebhookSink(config("webhook", url() + "/hook", "HOOK_SECRET"), Map.of("HOOK_SECRET", "s3cret"));
        }

        @Override
        List<String> received() throws Exception {
            return alerts();
        }

        @Override
        void stopReceiver() {
            server.stop(0);
        }

        @Test
        void theBodyIsAlertmanagersWebhookShapeSignedWithTheSecret() throws Exception {
            List<AlarmStore.Queued> ev = events("cna-01");
            sink().deliver(ev, firing(ev));
            String body = bodies.get(0).substring("/hook ".length());
            JsonNode j = Yaml.jsonMapper().readTree(body);
            assertThat(j.get("version").asText()).isEqualTo("4");
            assertThat(j.get("alerts")).hasSize(2);
            assertThat(j.get("alerts").get(0).get("status").asText()).isEqualTo("firing");
            assertThat(j.get("alerts").get(1).get("status").asText()).isEqualTo("resolved");
            assertThat(j.get("alerts").get(0).get("fingerprint").asText()).isEqualTo(j.get("alerts").get(1).get("fingerprint").asText());
            // the receiver's check: HMAC-SHA256 of the exact body with the shared secret
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expect = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
            assertThat(signatures).containsExactly(expect);
        }
    }
}
