package dev.vigil.power;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsServer;
import dev.vigil.core.config.SecretRef;
import dev.vigil.core.config.Yaml;
import dev.vigil.core.inventory.Bmc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Redfish driver over real HTTPS against the DMTF mockup documents (src/test/resources/redfish-mockup,
 * from shared/), served by a BMC stand-in that changes state as a BMC does: On goes PoweringOn then On,
 * a reset right after a power-off answers 409 for a while, and a reset can be accepted but dropped.
 */
class RedfishDriverTest {
    @TempDir
    static Path dir;
    private HttpsServer server;
    private volatile String power = "On";
    private volatile String restorePolicy = "AlwaysOn";
    /** The If-Match header of every PATCH ("null" when none); the stand-in refuses a PATCH whose ETag is not the current one. */
    private final List<String> ifMatches = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean staleOnce = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile long conflictUntil;
    private volatile boolean dropNext;
    private final AtomicInteger resets = new AtomicInteger();
    private Path caFile;

    @BeforeEach
    void start() throws Exception {
        server = BmcStandIn.start(dir, "bmc-ca", "CN=bmc", "ip:127.0.0.1", this::handle);
        caFile = dir.resolve("bmc-ca.pem");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String mockup(String rel) throws IOException {
        try (InputStream in = RedfishDriverTest.class.getResourceAsStream("/redfish-mockup/" + rel)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The health resources come from DMTF's rackmount1 mockup (its Chassis and its system's log); a ClearLog empties the log. */
    private volatile boolean logCleared;
    private static final String LOGS = "/redfish/v1/Systems/437XR1138R2/LogServices";

    private boolean health(HttpExchange ex, String path) throws IOException {
        if (ex.getRequestMethod().equals("POST") && path.equals(LOGS + "/Log1/Actions/LogService.ClearLog")) {
            ex.getRequestBody().readAllBytes(); // an unread body would spoil the kept-alive connection's next request
            logCleared = true;
            BmcStandIn.reply(ex, 204, "");
            return true;
        }
        if (!path.startsWith("/redfish/v1/Chassis") && !path.startsWith(LOGS)) {
            return false;
        }
        if (logCleared && path.equals(LOGS + "/Log1/Entries")) {
            BmcStandIn.reply(ex, 200, "{\"Members\": [], \"Members@odata.count\": 0}");
            return true;
        }
        try (InputStream in = RedfishDriverTest.class.getResourceAsStream("/redfish-mockup-rackmount1" + path.substring("/redfish/v1".length()) + "/index.json")) {
            if (in == null) {
                BmcStandIn.reply(ex, 404, "{}");
            } else {
                BmcStandIn.reply(ex, 200, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return true;
    }

    /** Live sessions by token, as a BMC keeps them (SessionService), and how many were logged out. */
    private final java.util.Map<String, String> sessions = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger loggedOut = new java.util.concurrent.atomic.AtomicInteger();

    private boolean sessionService(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (ex.getRequestMethod().equals("POST") && path.equals("/redfish/v1/SessionService/Sessions")) {
            com.fasterxml.jackson.databind.JsonNode b = Yaml.jsonMapper().readTree(ex.getRequestBody());
            if (!b.path("UserName").asText().equals("admin") || !b.path("Password").asText().equals("s3cret")) {
                BmcStandIn.reply(ex, 401, "{}");
                return true;
            }
            String id = String.valueOf(sessions.size() + loggedOut.get() + 1);
            String token = "tok-" + id;
            sessions.put(token, "/redfish/v1/SessionService/Sessions/" + id);
            ex.getResponseHeaders().set("X-Auth-Token", token);
            ex.getResponseHeaders().set("Location", "/redfish/v1/SessionService/Sessions/" + id);
            BmcStandIn.reply(ex, 201, "{\"@odata.id\": \"/redfish/v1/SessionService/Sessions/" + id + "\"}");
            return true;
        }
        String token = ex.getRequestHeaders().getFirst("X-Auth-Token");
        if (ex.getRequestMethod().equals("DELETE") && path.startsWith("/redfish/v1/SessionService/Sessions/")) {
            if (token != null && path.equals(sessions.get(token))) {
                sessions.remove(token);
                loggedOut.incrementAndGet();
                BmcStandIn.reply(ex, 204, "");
            } else {
                BmcStandIn.reply(ex, 401, "{}");
            }
            return true;
        }
        return false;
    }

    private void handle(HttpExchange ex) throws IOException {
        if (sessionService(ex)) {
            return;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String token = ex.getRequestHeaders().getFirst("X-Auth-Token");
        if (!(token != null && sessions.containsKey(token)) && !("Basic " + Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8))).equals(auth)) {
            BmcStandIn.reply(ex, 401, "{}");
            return;
        }
        String path = ex.getRequestURI().getPath().replaceAll("/+$", "");
        if (ex.getRequestMethod().equals("POST") && path.endsWith("/Actions/ComputerSystem.Reset")) {
            resets.incrementAndGet();
            String type = Yaml.jsonMapper().readTree(ex.getRequestBody()).path("ResetType").asText();
            if (System.currentTimeMillis() < conflictUntil) {
                BmcStandIn.reply(ex, 409, "{\"error\": {\"code\": \"Base.1.8.ResourceInUse\"}}");
                return;
            }
            if (dropNext) {
                dropNext = false;
                BmcStandIn.reply(ex, 204, "");
                return;
            }
            switch (type) {
                case "On":
                    power = "PoweringOn";
                    new Thread(() -> {
                        sleep(200);
                        power = "On";
                    }).start();
                    break;
                case "ForceOff":
                    power = "Off";
                    conflictUntil = System.currentTimeMillis() + 1200;
                    break;
                default:
                    BmcStandIn.reply(ex, 400, "{}");
                    return;
            }
            BmcStandIn.reply(ex, 204, "");
            return;
        }
        if (health(ex, path)) {
            return;
        }
        switch (path) {
            case "/redfish/v1":
                BmcStandIn.reply(ex, 200, mockup("index.json"));
                return;
            case "/redfish/v1/Systems":
                BmcStandIn.reply(ex, 200, mockup("Systems/index.json"));
                return;
            case "/redfish/v1/Systems/2288HV5-1": {
                if (ex.getRequestMethod().equals("PATCH")) {
                    String ifMatch = ex.getRequestHeaders().getFirst("If-Match");
                    ifMatches.add(String.valueOf(ifMatch));
                    if (staleOnce.getAndSet(false) || !("W/\"" + restorePolicy + "\"").equals(ifMatch)) {
                        // the resource changed since that ETag was read (or none was sent)
                        BmcStandIn.reply(ex, 412, "{\"error\": {\"code\": \"Base.1.8.PreconditionFailed\"}}");
                        return;
                    }
                    String p = Yaml.jsonMapper().readTree(ex.getRequestBody()).path("PowerRestorePolicy").asText();
                    if (!List.of("AlwaysOn", "AlwaysOff", "LastState").contains(p)) {
                        BmcStandIn.reply(ex, 400, "{\"error\": {\"code\": \"Base.1.8.PropertyValueNotInList\"}}");
                        return;
                    }
                    restorePolicy = p;
                    BmcStandIn.reply(ex, 204, "");
                    return;
                }
                ObjectNode sys = (ObjectNode) Yaml.jsonMapper().readTree(mockup("Systems/2288HV5-1/index.json"));
                sys.put("PowerState", power);
                sys.put("PowerRestorePolicy", restorePolicy);
                sys.putObject("LogServices").put("@odata.id", LOGS);
                ex.getResponseHeaders().set("ETag", "W/\"" + restorePolicy + "\"");
                BmcStandIn.reply(ex, 200, sys.toString());
                return;
            }
            default:
                BmcStandIn.reply(ex, 404, "{}");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aSessionIsLoggedOutOnClose_soTheBmcsFewSessionSlotsAreNotUsedUp() throws Exception {
        Bmc bmc = new Bmc(Bmc.Type.REDFISH, "127.0.0.1", server.getAddress().getPort(), "admin", SecretRef.env("X"));
        PowerConfig session = new PowerConfig(null, null, null, null, "5s", caFile.toString(), List.of(), "session", "5s", "100ms");
        for (int scan = 0; scan < 3; scan++) {
            // a scan: the power state and the sensors, through one session, then closed
            try (RedfishDriver d = new RedfishDriver(bmc, "s3cret".toCharArray(), session, false)) {
                assertThat(d.status()).isNotNull();
                assertThat(d.sensors()).isNotEmpty();
                assertThat(sessions).hasSize(1);
            }
            assertThat(sessions).as("logged out after scan %d", scan).isEmpty();
        }
        assertThat(loggedOut.get()).isEqualTo(3);
    }

    private RedfishDriver driver(String password, String ca, boolean insecure) {
        Bmc bmc = new Bmc(Bmc.Type.REDFISH, "127.0.0.1", server.getAddress().getPort(), "admin", SecretRef.env("X"));
        return new RedfishDriver(bmc, password.toCharArray(), new PowerConfig(null, null, null, null, "5s", ca, List.of(), null, "5s", "100ms"), insecure);
    }

    @Test
    void statusOffOnAndPolicy_overVerifiedTls() throws Exception {
        RedfishDriver d = driver("s3cret", caFile.toString(), false);
        assertThat(d.status()).isEqualTo(PowerState.ON);
        d.powerOff();
        assertThat(d.status()).isEqualTo(PowerState.OFF);
        d.powerOn();
        assertThat(d.status()).isEqualTo(PowerState.ON);
        assertThat(d.restorePolicy()).as("the mockup says AlwaysOn").isEqualTo("always-on");
        assertThat(d.pick("On", "ForceOn")).as("On is listed, so not ForceOn").isEqualTo("On");
    }

    @Test
    void restorePolicy_isSetByPatch_andReadBack() throws Exception {
        RedfishDriver d = driver("s3cret", caFile.toString(), false);
        d.setRestorePolicy("previous");
        assertThat(restorePolicy).isEqualTo("LastState");
        assertThat(d.restorePolicy()).isEqualTo("previous");
        d.setRestorePolicy("always-off");
        assertThat(d.restorePolicy()).isEqualTo("always-off");
        assertThatThrownBy(() -> driver("wrong", caFile.toString(), false).setRestorePolicy("always-on"))
                .isInstanceOfSatisfying(BmcException.class, e -> assertThat(e.kind()).isEqualTo(BmcException.Kind.AUTH_FAILED));
        assertThat(restorePolicy).as("a refused request changes nothing").isEqualTo("AlwaysOff");
        assertThat(ifMatches).as("every PATCH carried the resource's ETag").containsExactly("W/\"AlwaysOn\"", "W/\"LastState\"");
    }

    @Test
    void aPatchRefusedForAStaleETag_isMadeOnceMoreOnAFreshRead() throws Exception {
        RedfishDriver d = driver("s3cret", caFile.toString(), false);
        staleOnce.set(true);
        d.setRestorePolicy("previous");
        assertThat(restorePolicy).isEqualTo("LastState");
        assertThat(ifMatches).hasSize(2).allMatch(m -> m.equals("W/\"AlwaysOn\""));
    }

    @Test
    void aConflictRightAfterPowerOff_isRetried() throws Exception {
        RedfishDriver d = driver("s3cret", caFile.toString(), false);
        d.powerOff();
        int before = resets.get();
        d.powerOn();
        assertThat(resets.get() - before).as("409s retried until accepted").isGreaterThan(1);
        assertThat(power).isIn("On", "PoweringOn");
    }

    @Test
    void aResetAcceptedButDropped_isSentAgain() throws Exception {
        RedfishDriver d = driver("s3cret", caFile.toString(), false);
        power = "Off";
        dropNext = true;
        d.powerOn();
        assertThat(resets.get()).isEqualTo(2);
        assertThat(d.status()).isEqualTo(PowerState.ON);
    }

    @Test
    void wrongPassword_untrustedCertificate_andNoAnswer_areTold() throws Exception {
        assertThatThrownBy(() -> driver("wrong", caFile.toString(), false).status())
                .isInstanceOfSatisfying(BmcException.class, e -> assertThat(e.kind()).isEqualTo(BmcException.Kind.AUTH_FAILED));
        assertThatThrownBy(() -> driver("s3cret", null, false).status())
                .isInstanceOfSatisfying(BmcException.class, e -> assertThat(e.getMessage()).contains("certificate not trusted")
                        .contains("redfish_ca_file"));
        assertThat(driver("s3cret", null, true).status()).as("explicitly not verified for this BMC").isEqualTo(PowerState.ON);
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Bmc gone = new Bmc(Bmc.Type.REDFISH, "127.0.0.1", closed, "admin", SecretRef.env("X"));
        assertThatThrownBy(() -> new RedfishDriver(gone, "x".toCharArray(), PowerConfig.defaults(), false).status())
                .isInstanceOfSatisfying(BmcException.class, e -> assertThat(e.kind()).isEqualTo(BmcException.Kind.UNREACHABLE));
    }

    /** The shared contract, against this stand-in (DMTF's mockup of a Huawei 2288H V5, power state and policy kept here). */
    @org.junit.jupiter.api.Nested
    class Contract extends BmcDriverContract {
        @Override
        BmcDriver driver() {
            return RedfishDriverTest.this.driver("s3cret", caFile.toString(), false);
        }

        @Override
        BmcDriver wrongPassword() {
            return RedfishDriverTest.this.driver("wrong", caFile.toString(), false);
        }

        @Override
        BmcDriver unreachable() throws Exception {
            int closed;
            try (ServerSocket s = new ServerSocket(0)) {
                closed = s.getLocalPort();
            }
            return new RedfishDriver(new Bmc(Bmc.Type.REDFISH, "127.0.0.1", closed, "admin", SecretRef.env("X")), "x".toCharArray(),
                    PowerConfig.defaults(), false);
        }
    }
}
