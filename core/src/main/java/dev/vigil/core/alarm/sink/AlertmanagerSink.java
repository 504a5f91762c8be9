package dev.vigil.core.alarm.sink;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.alarm.Alarm;
import dev.vigil.core.alarm.AlarmSink;
import dev.vigil.core.alarm.AlarmStore;
import dev.vigil.core.alarm.AlarmsConfig;
import dev.vigil.core.alarm.Event;
import dev.vigil.core.config.Yaml;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus Alertmanager, API v2: {@code POST /api/v2/alerts}. State-based, as Prometheus sends: every
 * firing alarm the sink wants is sent again on each delivery with {@code endsAt} a while ahead (so an
 * Alertmanager that stops hearing from Vigil resolves them itself), and a cleared one once with
 * {@code endsAt} its clear time. Labels: alertname (the item's check), node, instance, item, source,
 * severity, and the alarm's own labels.
 */
public final class AlertmanagerSink implements AlarmSink {
    /** As Prometheus: endsAt is 4 resend intervals ahead; the daemon delivers every minute. */
    static final Duration AHEAD = Duration.ofMinutes(4);

    private final AlarmsConfig.Sink config;
    private final Http http;

    public AlertmanagerSink(AlarmsConfig.Sink config, Map<String, String> env) {
        this.config = config;
        this.http = new Http(config, env);
    }

    @Override
    public String name() {
        return config.id();
    }

    @Override
    public void deliver(List<AlarmStore.Queued> events, Collection<Alarm> alarms) throws IOException {
        ArrayNode body = Yaml.jsonMapper().createArrayNode();
        Map<String, Alarm> cleared = new LinkedHashMap<>();
        for (AlarmStore.Queued q : events) {
            if (q.event().kind() == Event.Kind.CLEARED) {
                cleared.put(q.event().alarm().key(), q.event().alarm());
            }
        }
        Instant now = Instant.now();
        for (Alarm a : alarms) {
            if (a.active() && config.wants(a)) {
                cleared.remove(a.key());
                body.add(alert(a, now.plus(AHEAD)));
            }
        }
        for (Alarm a : cleared.values()) {
            if (config.wants(a)) {
                body.add(alert(a, Instant.parse(a.clearedAt())));
            }
        }
        if (body.isEmpty()) {
            return;
        }
        http.post(config.url().replaceAll("/+$", "") + "/api/v2/alerts", Yaml.jsonMapper().writeValueAsBytes(body), Map.of());
    }

    /** One alert in Alertmanager's postable form. */
    static ObjectNode alert(Alarm a, Instant endsAt) {
        ObjectNode o = Yaml.jsonMapper().createObjectNode();
        ObjectNode labels = o.putObject("labels");
        a.labels().forEach(labels::put);
        labels.put("alertname", a.item().split(" ", 2)[0]);
        labels.put("node", a.node());
        labels.put("instance", a.node());
        labels.put("item", a.item());
        labels.put("source", "vigil-" + a.source());
        labels.put("severity", a.severity());
        ObjectNode ann = o.putObject("annotations");
        ann.put("summary", a.summary() == null ? a.item() : a.summary());
        if (a.report() != null) {
            ann.put("report", a.report());
        }
        o.put("startsAt", a.raisedAt() != null ? a.raisedAt() : a.firstSeen());
        if (endsAt != null) {
            o.put("endsAt", endsAt.toString());
        }
        if (a.report() != null) {
            o.put("generatorURL", java.nio.file.Path.of(a.report()).toUri().toString());
        }
        return o;
    }
}
