package dev.vigil.healthcheck;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Alarm sources, each over its real channel: HTTP on loopback, a file, a command, Vigil's own file. */
class AlarmSourcesTest {
    @TempDir
    Path dir;

    /** As Alertmanager v0.27 answers GET /api/v2/alerts (fields trimmed to those Vigil reads, plus a few more). */
    static final String ALERTMANAGER = "[{\"annotations\":{\"summary\":\"Disk /var/log almost full\"},"
            + "\"endsAt\":\"2026-11-21T10:00:00Z\",\"fingerprint\":\"a1\",\"receivers\":[{\"name\":\"ops\"}],"
            + "\"startsAt\":\"2026-11-21T08:00:00Z\",\"status\":{\"inhibitedBy\":[],\"silencedBy\":[],\"state\":\"active\"},"
            + "\"updatedAt\":\"2026-11-21T08:01:00Z\",\"generatorURL\":\"http://prom/graph\","
            + "\"labels\":{\"alertname\":\"NodeFilesystemAlmostFull\",\"instance\":\"10.0.0.31:9100\",\"severity\":\"warning\"}},"
            + "{\"annotations\":{},\"startsAt\":\"2026-11-21T07:00:00Z\",\"status\":{\"state\":\"suppressed\"},"
            + "\"labels\":{\"alertname\":\"Silenced\",\"node\":\"cna-01\",\"severity\":\"critical\"}},"
            + "{\"annotations\":{\"summary\":\"VRM down\"},\"startsAt\":\"2026-11-21T08:30:00Z\",\"status\":{\"state\":\"active\"},"
            + "\"labels\":{\"alertname\":\"VrmDown\",\"nodename\":\"vrm-01\",\"severity\":\"critical\"}}]";

    @Test
    void alertmanager_overHttp_activeAlertsWithTheirNode() throws Exception {
        AtomicReference<String> query = new AtomicReference<>();
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/api/v2/alerts", ex -> {
            query.set(ex.getRequestURI().getQuery());
            byte[] body = ALERTMANAGER.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        http.start();
        try {
            String url = "http://127.0.0.1:" + http.getAddress().getPort();
            AlarmSources.Fetched f = AlarmSources.fetch(new HealthcheckConfig.Alarms(url + "/", null, null, "5s"), dir);
            assertThat(f.error()).isNull();
            assertThat(query.get()).isEqualTo("active=true&silenced=false&inhibited=false");
            assertThat(f.alarms()).extracting(a -> a.name() + "@" + a.node() + ":" + a.severity())
                    .containsExactly("NodeFilesystemAlmostFull@10.0.0.31:warning", "VrmDown@vrm-01:critical");
        } finally {
            http.stop(0);
        }
    }

    @Test
    void credentialsInTheAlertmanagerUrl_areRefused_withoutShowingThem() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new HealthcheckConfig.Alarms("https://ops:hunter2@am:9093", null, null, "5s"))
                .hasMessageContaining("https://***@am:9093").hasMessageContaining("password_env").hasMessageNotContaining("hunter2");
    }

    @Test
    void alertmanager_bearerTokenFromASecretReference_isSent_andNeverShown() throws Exception {
        AtomicReference<String> auth = new AtomicReference<>();
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/api/v2/alerts", ex -> {
            auth.set(ex.getRequestHeaders().getFirst("Authorization"));
            boolean ok = "Bearer s3cr3t-token".equals(auth.get());
            byte[] body = (ok ? ALERTMANAGER : "{}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ok ? 200 : 401, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        http.start();
        try {
            String url = "http://127.0.0.1:" + http.getAddress().getPort();
            HealthcheckConfig.Alarms cfg = new HealthcheckConfig.Alarms(url, null, null, "5s", null, null, null, null, "AM_TOKEN", null, null);
            AlarmSources.Fetched f = AlarmSources.fetch(cfg, dir, java.util.Map.of("AM_TOKEN", "s3cr3t-token"));
            assertThat(f.error()).isNull();
            assertThat(f.alarms()).hasSize(2);
            AlarmSources.Fetched refused = AlarmSources.fetch(cfg, dir, java.util.Map.of("AM_TOKEN", "wrong"));
            assertThat(refused.error()).contains("HTTP 401").contains("credentials were refused").doesNotContain("wrong");
        } finally {
            http.stop(0);
        }
    }

    @Test
    void fileCommandAndVigilsOwn_andAFailingSourceIsReportedWhileTheOthersCount() throws Exception {
        Files.writeString(dir.resolve("alarms.json"), "[{\"name\": \"FanFailed\", \"severity\": \"critical\", \"node\": \"cna-02\"}]");
        Files.createDirectories(dir.resolve("alarms"));
        Files.writeString(dir.resolve("alarms/active.json"), "[{\"name\": \"KernelPanic\", \"severity\": \"critical\", \"node\": \"cna-03\"}]");
        HealthcheckConfig.Alarms cfg = new HealthcheckConfig.Alarms("http://127.0.0.1:1", dir.resolve("alarms.json").toString(),
                "echo '[{\"name\": \"PsuLost\", \"severity\": \"warning\", \"node\": \"cna-04\"}]'", "2s");
        AlarmSources.Fetched f = AlarmSources.fetch(cfg, dir);
        assertThat(f.alarms()).extracting(RunEnvironment.Alarm::name).containsExactlyInAnyOrder("FanFailed", "PsuLost", "KernelPanic");
        assertThat(f.alarms()).filteredOn(a -> a.name().equals("KernelPanic")).extracting(RunEnvironment.Alarm::source).containsExactly("vigil");
        assertThat(f.error()).startsWith("alertmanager http://127.0.0.1:1:");
    }

    @Test
    void commandThatHangs_isCutAtTheTimeout() {
        long t0 = System.nanoTime();
        AlarmSources.Fetched f = AlarmSources.fetch(new HealthcheckConfig.Alarms(null, null, "sleep 30", "1s"), dir);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5000);
        assertThat(f.error()).isEqualTo("command: did not finish within 1s");
        assertThat(f.alarms()).isEmpty();
    }

    @Test
    void badJson_isAnErrorNamingTheSource() {
        AlarmSources.Fetched f = AlarmSources.fetch(new HealthcheckConfig.Alarms(null, null, "echo '{\"not\": \"a list\"}'", null), dir);
        assertThat(f.error()).isEqualTo("command: expected a JSON array of alarms");
        assertThat(f.alarms()).isEmpty();
    }
}
