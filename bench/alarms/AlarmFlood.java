import dev.vigil.core.alarm.AlarmDelivery;
import dev.vigil.core.alarm.AlarmSink;
import dev.vigil.core.alarm.AlarmSinks;
import dev.vigil.core.alarm.AlarmStore;
import dev.vigil.core.alarm.AlarmsConfig;
import dev.vigil.core.alarm.Observation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * bench/alarms.sh's flood: N alarms raised in one scan and delivered to Alertmanager and syslog (TCP),
 * then all cleared in the next scan and delivered; prints the wall time of each phase. The script
 * counts what the receivers got.
 */
public final class AlarmFlood {
    /** The flood's alerts Alertmanager holds as active. */
    static int active(String am) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(am + "/api/v2/alerts?active=true&filter=" + java.net.URLEncoder.encode("source=\"vigil-bench\"",
                        java.nio.charset.StandardCharsets.UTF_8))).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return dev.vigil.core.config.Yaml.jsonMapper().readTree(r.body()).size();
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        AlarmsConfig.Sink am = new AlarmsConfig.Sink(null, "alertmanager", args[2], null, null, null, null, null, null, null, null, null, null, "30s");
        AlarmsConfig.Sink sys = new AlarmsConfig.Sink("syslog", "syslog", args[3], null, null, null, null, null, null, null, null, null, null, "30s");
        List<AlarmSink> sinks = List.of(AlarmSinks.create(am, Map.of()), AlarmSinks.create(sys, Map.of()));
        AlarmStore store = new AlarmStore(dir);
        for (boolean raise : new boolean[] {true, false}) {
            List<Observation> scan = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String node = "flood-" + i;
                scan.add(raise ? Observation.bad("bench", node, "disk-inodes /var/log", "warning", "inodes at 91%", Map.of(), null)
                        : Observation.good("bench", node, "disk-inodes /var/log", "inodes at 40%"));
            }
            long t0 = System.nanoTime();
            AlarmStore.Change c = store.feed(scan, Instant.now(), o -> 1);
            long t1 = System.nanoTime();
            List<AlarmDelivery.Outcome> out = AlarmDelivery.deliver(store, sinks, Duration.ofMillis(200));
            long t2 = System.nanoTime();
            System.out.printf("%s %d: feed %d ms (%d events), delivery %d ms: %s; Alertmanager now has %d of them active%n",
                    raise ? "raise" : "clear", n, (t1 - t0) / 1_000_000, c.events().size(), (t2 - t1) / 1_000_000, out, active(args[2]));
        }
        System.out.println("store " + Files.size(store.file()) + " bytes");
    }
}
