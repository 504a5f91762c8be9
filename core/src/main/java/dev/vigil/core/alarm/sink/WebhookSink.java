package dev.vigil.core.alarm.sink;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.alarm.Alarm;
import dev.vigil.core.alarm.AlarmStore;
import dev.vigil.core.alarm.AlarmsConfig;
import dev.vigil.core.alarm.Event;
import dev.vigil.core.config.SecretRef;
import dev.vigil.core.config.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook: one POST per delivery, in Alertmanager's webhook shape (version 4: status, alerts with
 * status, labels, annotations, startsAt, endsAt, fingerprint), one alert per event, in order, so a
 * receiver written for Alertmanager reads it. With a secret, {@code X-Vigil-Signature: sha256=HEX} is the
 * HMAC-SHA256 of the body.
 */
public final class WebhookSink extends EventSink {
    static final String SIGNATURE = "X-Vigil-Signature";

    private final Map<String, String> env;
    private final Http http;

    public WebhookSink(AlarmsConfig.Sink config, Map<String, String> env) {
        super(config);
        this.env = env;
        this.http = new Http(config, env);
    }

    @Override
    void send(List<AlarmStore.Queued> mine) throws IOException {
        byte[] body = Yaml.jsonMapper().writeValueAsBytes(body(mine));
        SecretRef secret = SecretRef.ofEither(config.secretEnv(), config.secretFile(), "webhook secret");
        Map<String, String> headers = secret == null ? Map.of() : Map.of(SIGNATURE, "sha256=" + hmac(secret.resolve(env), body));
        http.post(config.url(), body, headers);
    }

    static ObjectNode body(List<AlarmStore.Queued> events) {
        ObjectNode o = Yaml.jsonMapper().createObjectNode();
        o.put("version", "4");
        o.put("receiver", "vigil");
        boolean anyFiring = events.stream().anyMatch(q -> q.event().kind() != Event.Kind.CLEARED);
        o.put("status", anyFiring ? "firing" : "resolved");
        ArrayNode alerts = o.putArray("alerts");
        for (AlarmStore.Queued q : events) {
            Alarm a = q.event().alarm();
            ObjectNode alert = AlertmanagerSink.alert(a, q.event().kind() == Event.Kind.CLEARED ? java.time.Instant.parse(a.clearedAt()) : null);
            alert.put("status", q.event().kind() == Event.Kind.CLEARED ? "resolved" : "firing");
            if (q.event().kind() != Event.Kind.CLEARED) {
                alert.put("endsAt", "0001-01-01T00:00:00Z");
            }
            alert.put("fingerprint", HexFormat.of().formatHex(dev.vigil.core.state.Hashing.sha256(a.key().getBytes(StandardCharsets.UTF_8))).substring(0, 16));
            alert.put("event", q.event().kind().label());
            alert.put("seq", q.seq());
            alerts.add(alert);
        }
        return o;
    }

    static String hmac(char[] secret, byte[] body) throws IOException {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new String(secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot sign the webhook body: " + e.getMessage(), e);
        }
    }
}
