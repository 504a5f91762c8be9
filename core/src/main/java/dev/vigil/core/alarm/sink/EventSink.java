package dev.vigil.core.alarm.sink;

import dev.vigil.core.alarm.Alarm;
import dev.vigil.core.alarm.AlarmSink;
import dev.vigil.core.alarm.AlarmStore;
import dev.vigil.core.alarm.AlarmsConfig;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

/** A sink that is told of each event (webhook, syslog), not of the state: the events it wants, in order, or nothing at all. */
abstract class EventSink implements AlarmSink {
    final AlarmsConfig.Sink config;

    EventSink(AlarmsConfig.Sink config) {
        this.config = config;
    }

    @Override
    public final String name() {
        return config.id();
    }

    @Override
    public final void deliver(List<AlarmStore.Queued> events, Collection<Alarm> alarms) throws IOException {
        List<AlarmStore.Queued> mine = events.stream().filter(q -> config.wants(q.event().alarm())).toList();
        if (!mine.isEmpty()) {
            send(mine);
        }
    }

    /** Sends these events (at least one), all or an IOException. */
    abstract void send(List<AlarmStore.Queued> events) throws IOException;
}
