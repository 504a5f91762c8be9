package dev.vigil.core.alarm;

import java.io.IOException;
import java.util.List;

/**
 * A receiver of alarms (Alertmanager, a webhook, syslog): one small class each, found by type in
 * {@link AlarmSinks}. {@link #deliver} gets the events a sink has not had yet, oldest first, and the
 * alarms as they are now (a state-based receiver such as Alertmanager is sent every firing alarm again,
 * as Prometheus does). It delivers all or throws: the events stay queued and come again, in order.
 */
public interface AlarmSink {
    String name();

    void deliver(List<AlarmStore.Queued> events, java.util.Collection<Alarm> alarms) throws IOException;
}
