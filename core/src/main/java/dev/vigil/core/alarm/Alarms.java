package dev.vigil.core.alarm;

import dev.vigil.core.error.UsageException;
import dev.vigil.core.error.VigilException;
import dev.vigil.core.result.ExitCode;
import dev.vigil.core.result.Finding;
import dev.vigil.core.result.Metric;
import dev.vigil.core.result.Status;
import dev.vigil.core.session.Session;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The alarm use cases every feature shares: a run's findings fed through the lifecycle into the store
 * and delivered to the configured sinks; an operator's ack and clear.
 */
public final class Alarms {
    private Alarms() {
    }

    public static AlarmStore store(Session session) {
        return new AlarmStore(session.stateDir().ensure().resolve("alarms"));
    }

    /** What feeding did: the events it made and how each sink's delivery went. */
    public record Fed(List<Event> events, List<AlarmDelivery.Outcome> deliveries) {
    }

    /** A scan fed into the store (raise, update, clear), then every sink delivered to. */
    public static Fed feed(Session session, List<Observation> scan) {
        AlarmsConfig cfg = AlarmsConfig.load(session.configPath());
        List<Event> events = record(session, cfg, scan);
        return new Fed(events, deliver(session, cfg));
    }

    /** A scan fed into the store only; the caller delivers (kbox listen does it off its receiving thread). */
    public static List<Event> record(Session session, AlarmsConfig cfg, List<Observation> scan) {
        try {
            return store(session).feed(scan, Instant.now(), cfg::hardAfter).events();
        } catch (IOException e) {
            throw new VigilException(ExitCode.UNKNOWN, "alarms: cannot update the alarm store: " + e.getMessage(), e);
        }
    }

    /** A use case's result fed as source {@code source}: its findings under {@code item}, one observation each (see {@link #observations}). */
    public static Fed feed(Session session, String source, dev.vigil.core.result.RunResult result, String item) {
        return feed(session, observations(source, result.findings(item), Set.of(), null));
    }

    /** Every sink delivered to: its queued events, and (Alertmanager) the firing alarms again. */
    public static List<AlarmDelivery.Outcome> deliver(Session session, AlarmsConfig cfg) {
        List<AlarmSink> sinks = cfg.sinks().stream().map(s -> AlarmSinks.create(s, session.env())).toList();
        return AlarmDelivery.deliver(store(session), sinks, Duration.ofSeconds(1));
    }

    /**
     * A run's findings as observations of source {@code source}. A finding with thresholded metrics is an
     * item per metric too ("disk-inodes /var/log"), judged by its value against them; the finding's own item
     * ("disk-inodes") is bad only when no metric explains its status. A node not reached at all is one item,
     * "reachable", and its other items are left as they were (nothing was seen of them). Items in
     * {@code notAlarms} (the alarms check, which only reads other systems' alarms) are not fed.
     */
    public static List<Observation> observations(String source, List<Finding> findings, Set<String> notAlarms, String report) {
        Map<String, List<Finding>> byNode = new LinkedHashMap<>();
        findings.forEach(f -> byNode.computeIfAbsent(f.node(), k -> new ArrayList<>()).add(f));
        List<Observation> out = new ArrayList<>();
        byNode.forEach((node, fs) -> {
            List<Finding> mine = fs.stream().filter(f -> !notAlarms.contains(f.item())).toList();
            boolean unreached = !mine.isEmpty() && mine.stream().allMatch(f -> f.status() != Status.OK && f.message() != null
                    && f.message().startsWith("node ") && f.message().equals(mine.get(0).message()));
            if (unreached) {
                out.add(Observation.bad(source, node, "reachable", "critical", mine.get(0).message(), Map.of(), report));
                return;
            }
            if (!mine.isEmpty()) {
                out.add(Observation.good(source, node, "reachable", "reached"));
            }
            for (Finding f : mine) {
                boolean explained = false;
                for (Metric m : f.metrics()) {
                    if (m.warn() == null && m.crit() == null) {
                        continue;
                    }
                    String item = f.item() + " " + m.name();
                    String sev = m.crit() != null && m.value() >= m.crit() ? "critical" : m.warn() != null && m.value() >= m.warn() ? "warning" : null;
                    if (sev == null) {
                        out.add(Observation.good(source, node, item, f.message()));
                    } else {
                        explained = true;
                        out.add(Observation.bad(source, node, item, sev, item + " at " + fmt(m.value()) + (m.unit() == null ? "" : m.unit())
                                + " (" + sev + " from " + fmt("critical".equals(sev) ? m.crit() : m.warn()) + "): " + f.message(), Map.of(), report));
                    }
                }
                if (f.status() == Status.OK || explained) {
                    out.add(Observation.good(source, node, f.item(), f.message()));
                } else {
                    out.add(Observation.bad(source, node, f.item(), f.status() == Status.CRIT ? "critical" : "warning", f.message(),
                            f.status() == Status.UNKNOWN ? Map.of("status", "unknown") : Map.of(), report));
                }
            }
        });
        return out;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(java.util.Locale.ROOT, "%.1f", d);
    }

    /** The alarm a key or a unique prefix of it names (source/node/item). */
    static Alarm find(Map<String, Alarm> alarms, String key) {
        Alarm exact = alarms.get(key);
        if (exact != null) {
            return exact;
        }
        List<Alarm> match = alarms.values().stream().filter(a -> a.key().startsWith(key)).toList();
        if (match.size() != 1) {
            throw new UsageException(match.isEmpty() ? "no alarm '" + key + "' (see: vigil alarms list)"
                    : "'" + key + "' matches " + match.size() + " alarms; give more of it (source/node/item)");
        }
        return match.get(0);
    }

    /** An operator's ack (notifications stop until it clears) or clear (for what its source cannot clear). */
    public static Alarm operate(Session session, String key, String who, boolean clear) {
        try {
            AlarmStore store = store(session);
            Alarm[] done = new Alarm[1];
            AlarmStore.Change c = store.update(alarms -> {
                Alarm a = find(alarms, key);
                if (a.state() == Alarm.State.CLEARED) {
                    throw new UsageException("alarm " + a.key() + " is already cleared");
                }
                Map<String, Alarm> next = new LinkedHashMap<>(alarms);
                Alarm n = clear ? Lifecycle.clear(a, who, Instant.now()) : Lifecycle.ack(a, who, Instant.now());
                next.put(a.key(), n);
                done[0] = n;
                List<Event> events = clear && a.state() == Alarm.State.FIRING ? List.of(new Event(Event.Kind.CLEARED, n, n.clearedAt())) : List.of();
                return new Lifecycle.Result(next, events);
            }, Instant.now());
            if (!c.events().isEmpty()) {
                deliver(session, AlarmsConfig.load(session.configPath()));
            }
            return done[0];
        } catch (IOException e) {
            throw new VigilException(ExitCode.UNKNOWN, "alarms: cannot update the alarm store: " + e.getMessage(), e);
        }
    }
}
