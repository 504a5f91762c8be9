package dev.vigil.core.alarm;

import dev.vigil.core.alarm.sink.AlertmanagerSink;
import dev.vigil.core.alarm.sink.EmailSink;
import dev.vigil.core.alarm.sink.SnmpSink;
import dev.vigil.core.alarm.sink.SyslogSink;
import dev.vigil.core.alarm.sink.WebhookSink;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** The sinks by type: one entry each. */
public final class AlarmSinks {
    private AlarmSinks() {
    }

    /** Makes a sink from its configuration and the environment (for its secrets). */
    static final Map<String, BiFunction<AlarmsConfig.Sink, Map<String, String>, AlarmSink>> BY_TYPE = Map.of(
            "alertmanager", AlertmanagerSink::new,
            "webhook", WebhookSink::new,
            "syslog", SyslogSink::new,
            "snmp", SnmpSink::new,
            "email", EmailSink::new);

    static final List<String> TYPES = List.of("alertmanager", "webhook", "syslog", "snmp", "email");

    public static AlarmSink create(AlarmsConfig.Sink config, Map<String, String> env) {
        return BY_TYPE.get(config.type()).apply(config, env);
    }
}
