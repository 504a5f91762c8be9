package dev.vigil.core.alarm;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.vigil.core.config.Yaml;
import dev.vigil.core.error.VigilException;
import dev.vigil.core.result.ExitCode;
import dev.vigil.core.result.Finding;
import dev.vigil.core.result.Listing;
import dev.vigil.core.result.RunResult;
import dev.vigil.core.result.Status;
import dev.vigil.core.result.Table;
import dev.vigil.core.session.Session;
import dev.vigil.core.text.Plural;
import dev.vigil.core.text.Printable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The use cases behind {@code vigil alarms list|show|history|deliver}. */
public final class AlarmListing {
    private AlarmListing() {
    }

    /** The alarms (firing and pending; with {@code all}, cleared ones too), worst first; its status is the worst firing one's. */
    public record AlarmList(List<Alarm> alarms, long dropped) implements RunResult {
        @Override
        public Status status() {
            List<Alarm> firing = alarms.stream().filter(Alarm::active).filter(a -> !a.acked()).toList();
            return firing.stream().anyMatch(a -> "critical".equals(a.severity())) ? Status.CRIT : firing.isEmpty() ? Status.OK : Status.WARN;
        }

        @Override
        public String summary() {
            long firing = alarms.stream().filter(Alarm::active).count();
            long pending = alarms.stream().filter(a -> a.state() == Alarm.State.PENDING).count();
            return Plural.of(firing, "alarm") + " firing, " + pending + " pending";
        }

        @Override
        public List<Finding> findings(String item) {
            return alarms.stream().map(a -> new Finding(a.node(), a.source() + " " + a.item(), !a.active() || a.acked() ? Status.OK
                    : "critical".equals(a.severity()) ? Status.CRIT : Status.WARN, a.state().label() + (a.acked() ? " (acked by " + a.ackedBy() + ")" : "")
                    + ": " + a.summary(), List.of(), List.of(), 0)).toList();
        }

        @JsonValue
        public List<Alarm> document() {
            return alarms;
        }

        @Override
        public com.fasterxml.jackson.databind.JsonNode json() {
            return Yaml.recordMapper().valueToTree(alarms);
        }

        @Override
        public String text(String title) {
            Table t = new Table("STATE", "SEVERITY", "NODE", "SOURCE", "ITEM", "SINCE", "SUMMARY");
            for (Alarm a : alarms) {
                t.row(a.state().label() + (a.acked() ? " (acked)" : "") + (a.flapping() ? " (flapping)" : ""), a.severity(), a.node(), a.source(),
                        a.item(), a.state() == Alarm.State.CLEARED ? a.clearedAt() : a.firstSeen(), Printable.line(String.valueOf(a.summary())));
            }
            return (alarms.isEmpty() ? "" : t.render()) + summary() + (dropped > 0 ? "; " + dropped + " events dropped from a full outbox" : "") + "\n";
        }
    }

    public static AlarmList list(Session session, boolean all) {
        try {
            AlarmStore.State s = Alarms.store(session).read();
            List<Alarm> shown = new ArrayList<>(s.alarms().values().stream().filter(a -> all || a.state() != Alarm.State.CLEARED).toList());
            shown.sort(Comparator.comparing((Alarm a) -> a.state() != Alarm.State.FIRING).thenComparing(a -> !"critical".equals(a.severity()))
                    .thenComparing(Alarm::node).thenComparing(Alarm::item));
            return new AlarmList(shown, s.dropped());
        } catch (IOException e) {
            throw new VigilException(ExitCode.UNKNOWN, "alarms: cannot read the alarm store: " + e.getMessage(), e);
        }
    }

    /** One alarm, every field. */
    public static Listing show(Session session, String key) {
        try {
            Alarm a = Alarms.find(Alarms.store(session).read().alarms(), key);
            Map<String, Object> doc = Yaml.recordMapper().convertValue(a, new com.fasterxml.jackson.core.type.TypeReference<>() { });
            StringBuilder text = new StringBuilder();
            doc.forEach((k, v) -> text.append(String.format("%-12s %s%n", k, Printable.line(String.valueOf(v)))));
            return new Listing(a.key() + ": " + a.state().label(), doc, List.of(doc), text.toString());
        } catch (IOException e) {
            throw new VigilException(ExitCode.UNKNOWN, "alarms: cannot read the alarm store: " + e.getMessage(), e);
        }
    }

    /** The state changes, oldest first (the last {@code limit}). */
    public static Listing history(Session session, int limit) {
        try {
            java.nio.file.Path f = Alarms.store(session).historyFile();
            List<String> lines = Files.exists(f) ? Files.readAllLines(f, StandardCharsets.UTF_8) : List.of();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String l : lines.subList(Math.max(0, lines.size() - limit), lines.size())) {
                if (l.isBlank()) {
                    continue;
                }
                try {
                    rows.add(Yaml.jsonMapper().readValue(l, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { }));
                } catch (com.fasterxml.jackson.core.JsonProcessingException torn) {
                    // a line cut short by a kill -9 mid-append: the store itself is whole (written by rename); skip the fragment
                }
            }
            Table t = new Table("AT", "ALARM", "FROM", "TO", "SEVERITY", "SUMMARY");
            rows.forEach(r -> t.row(r.get("at"), r.get("key"), r.get("from") == null ? "-" : r.get("from"), r.get("to"), r.get("severity"),
                    Printable.line(String.valueOf(r.get("summary")))));
            String line = Plural.of(rows.size(), "change") + " in " + f;
            return Listing.of(line, rows, (rows.isEmpty() ? "" : t.render()) + line + "\n");
        } catch (IOException e) {
            throw new VigilException(ExitCode.UNKNOWN, "alarms: cannot read the alarm history: " + e.getMessage(), e);
        }
    }

    /** Delivery now: each sink's queued events, and how it went; a sink that is behind is WARN. */
    public record Deliveries(List<AlarmDelivery.Outcome> outcomes) implements RunResult {
        @Override
        public Status status() {
            return outcomes.stream().anyMatch(o -> o.error() != null) ? Status.WARN : Status.OK;
        }

        @Override
        public String summary() {
            return outcomes.isEmpty() ? "no sinks configured (alarms.sinks)" : outcomes.stream().map(o -> o.sink() + ": " + o.delivered() + " sent, "
                    + o.queued() + " queued" + (o.error() == null ? "" : " (" + o.error() + ")")).reduce((a, b) -> a + "; " + b).orElse("");
        }

        @Override
        public String text(String title) {
            return summary() + "\n";
        }

        @JsonValue
        public List<AlarmDelivery.Outcome> document() {
            return outcomes;
        }
    }

    public static Deliveries deliver(Session session) {
        return new Deliveries(Alarms.deliver(session, AlarmsConfig.load(session.configPath())));
    }
}
