package dev.vigil.power;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
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
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Redfish driver drives the right machine for the right reason: a BMC with four systems (the DMTF
 * bladed mockup) is never guessed at, a change the BMC applies seconds later is waited for and never
 * countered, and the BMC's own error text reaches the operator. The stand-in serves a typical BMC
 * certificate (CN=localhost, no SAN), so every test here also runs the redfish_insecure_nodes path.
 */
class RedfishSafetyTest {
    @TempDir
    static Path dir;
    private HttpsServer server;
    private final Map<String, String> power = new ConcurrentHashMap<>();
    private final List<String> resets = new CopyOnWriteArrayList<>();
    private volatile long applyDelayMs;

    @BeforeEach
    void start() throws Exception {
        server = BmcStandIn.start(dir, "bmc-localhost", "CN=localhost", null, this::handle);
        for (String id : List.of("529QB9450R6", "529QB9451R6", "529QB9452R6", "529QB9453R6")) {
            power.put(id, "On");
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String mockup(String rel) throws IOException {
        try (InputStream in = RedfishSafetyTest.class.getResourceAsStream("/redfish-mockup-bladed/" + rel)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath().replaceAll("/+$", "");
        if (path.equals("/redfish/v1/Systems")) {
            BmcStandIn.reply(ex, 200, mockup("Systems/index.json"));
            return;
        }
        String[] parts = path.split("/");
        String id = parts.length > 4 ? parts[4] : "";
        if (!power.containsKey(id)) {
            BmcStandIn.reply(ex, 404, "{}");
            return;
        }
        if (ex.getRequestMethod().equals("POST") && path.endsWith("/Actions/ComputerSystem.Reset")) {
            String type = Yaml.jsonMapper().readTree(ex.getRequestBody()).path("ResetType").asText();
            resets.add(id + " " + type);
            String end = type.equals("ForceOff") ? "Off" : "On";
            power.put(id, end.equals("Off") ? "PoweringOff" : "PoweringOn");
            long delay = applyDelayMs;
            new Thread(() -> {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    return;
                }
                power.put(id, end);
            }).start();
            BmcStandIn.reply(ex, 204, "");
            return;
        }
        if (ex.getRequestMethod().equals("PATCH")) {
            BmcStandIn.reply(ex, 400, "{\"error\": {\"code\": \"Base.1.8.GeneralError\", \"message\": \"A general error has occurred.\","
                    + " \"@Message.ExtendedInfo\": [{\"MessageId\": \"Base.1.8.PropertyNotWritable\", \"Message\": \"The property"
                    + " PowerRestorePolicy is a read only property and cannot be assigned a value.\", \"Resolution\": \"Remove the property"
                    + " from the request body and resubmit the request if the operation failed.\"}]}}");
            return;
        }
        ObjectNode sys = (ObjectNode) Yaml.jsonMapper().readTree(mockup("Systems/" + id + "/index.json"));
        sys.put("PowerState", power.get(id));
        BmcStandIn.reply(ex, 200, sys.toString());
    }

    private RedfishDriver driver(String system, String confirmTimeout, boolean insecure, String ca) {
        Bmc bmc = new Bmc(Bmc.Type.REDFISH, "127.0.0.1", server.getAddress().getPort(), "admin", SecretRef.env("X"), system);
        return new RedfishDriver(bmc, "pw".toCharArray(),
                new PowerConfig(null, null, null, null, "5s", ca, List.of(), null, confirmTimeout, "100ms"), insecure);
    }

    @Test
    void onABmcWithSeveralSystems_theNamedSystemIsDriven_andNoOtherOne() throws Exception {
        RedfishDriver cna02 = driver("529QB9451R6", "5s", true, null);
        cna02.powerOff();
        assertThat(resets).containsExactly("529QB9451R6 ForceOff");
        assertThat(power).containsEntry("529QB9450R6", "On").containsEntry("529QB9451R6", "Off");
    }

    @Test
    void onABmcWithSeveralSystems_noneNamed_isRefused_nothingSent() {
        assertThatThrownBy(() -> driver(null, "5s", true, null).powerOff())
                .isInstanceOf(BmcException.class).hasMessageContaining("manages 4 systems").hasMessageContaining("bmc_system")
                .hasMessageContaining("529QB9453R6");
        assertThatThrownBy(() -> driver("nope", "5s", true, null).status()).hasMessageContaining("no system 'nope'");
        assertThat(resets).isEmpty();
    }

    @Test
    void aChangeTheBmcAppliesSecondsLater_isWaitedFor_andNotSentTwice() throws Exception {
        applyDelayMs = 2500;
        RedfishDriver d = driver("529QB9452R6", "10s", true, null);
        d.powerOff();
        assertThat(power.get("529QB9452R6")).isEqualTo("Off");
        assertThat(resets).containsExactly("529QB9452R6 ForceOff");
    }

    @Test
    void anOnWhileAnOffIsStillPending_waitsForTheOff_thenTurnsOn() throws Exception {
        applyDelayMs = 1500;
        RedfishDriver d = driver("529QB9452R6", "10s", true, null);
        // an off accepted a moment ago (another operator, or a run that gave up early) is still pending
        power.put("529QB9452R6", "PoweringOff");
        new Thread(() -> {
            try {
                Thread.sleep(1200);
            } catch (InterruptedException e) {
                return;
            }
            power.put("529QB9452R6", "Off");
        }).start();
        d.powerOn();
        assertThat(power.get("529QB9452R6")).isEqualTo("On");
        assertThat(resets).containsExactly("529QB9452R6 On");
        Thread.sleep(300);
        assertThat(power.get("529QB9452R6")).as("no late off follows").isEqualTo("On");
    }

    @Test
    void aChangeThatNeverHappens_failsAfterTheConfirmTimeout_sayingSo() {
        applyDelayMs = 60_000;
        assertThatThrownBy(() -> driver("529QB9450R6", "1s", true, null).powerOff())
                .hasMessageContaining("PoweringOff").hasMessageContaining("power.confirm_timeout");
        assertThat(resets).as("the opposite was never sent").containsExactly("529QB9450R6 ForceOff");
    }

    @Test
    void aRefusedRequest_carriesTheBmcsOwnMessage() {
        assertThatThrownBy(() -> driver("529QB9450R6", "5s", true, null).setRestorePolicy("always-on"))
                .hasMessageContaining("HTTP 400").hasMessageContaining("PowerRestorePolicy is a read only property")
                .hasMessageContaining("Remove the property");
    }

    @Test
    void aTypicalBmcCertificate_isRefusedWhenVerified_andAcceptedOnlyForAnInsecureNode() throws Exception {
        String ca = dir.resolve("bmc-localhost.pem").toString();
        // trusted CA, but the certificate names localhost, not 127.0.0.1: verification must fail on the name
        assertThatThrownBy(() -> driver("529QB9450R6", "5s", false, ca).status()).hasMessageContaining("certificate not trusted");
        assertThat(driver("529QB9450R6", "5s", true, null).status()).isEqualTo(PowerState.ON);
    }

    @Test
    void errorText_readsExtendedInfo_elseMessage_andNothingFromJunk() {
        assertThat(RedfishDriver.errorText("{\"error\":{\"message\":\"busy\"}}")).isEqualTo("busy");
        assertThat(RedfishDriver.errorText("<html>")).isEmpty();
        assertThat(RedfishDriver.errorText("{\"error\":{\"@Message.ExtendedInfo\":[{\"Message\":\"a\\u001b[31mb\"}]}}")).isEqualTo("a [31mb");
    }
}
