package dev.vigil.power;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.config.Yaml;
import dev.vigil.core.inventory.Bmc;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Redfish over HTTPS (java.net.http + Jackson). Finds the system under {@code /redfish/v1/Systems},
 * reads {@code PowerState}, and posts {@code ComputerSystem.Reset} with a ResetType the BMC lists
 * as allowed ({@code On} before {@code ForceOn}). 200/202/204 are accepted; a 409 (the BMC is busy,
 * e.g. right after a power-off) is retried for a while; the state is read back and a command that
 * was accepted but dropped is sent once more. Certificates are verified against the system trust
 * store or a CA file; only for BMCs named in the config are they not verified.
 */
public final class RedfishDriver implements BmcDriver, dev.vigil.core.bmc.BmcReader {
    static final int CONFLICT_RETRIES = 10;

    private final Bmc bmc;
    private final char[] password;
    private final PowerConfig config;
    private final HttpClient http;
    private final String base;
    private volatile String systemPath;
    private volatile String token;
    private volatile String sessionUri;

    public RedfishDriver(Bmc bmc, char[] password, PowerConfig config, boolean insecure) {
        this.bmc = bmc;
        this.password = password.clone();
        this.config = config;
        this.base = "https://" + (bmc.address().contains(":") ? "[" + bmc.address() + "]" : bmc.address()) + ":" + bmc.port();
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(config.timeout());
        try {
            if (insecure) {
                b.sslContext(trustAll());
                SSLParameters p = new SSLParameters();
                p.setEndpointIdentificationAlgorithm(null);
                b.sslParameters(p);
            } else if (config.redfishCaFile() != null) {
                b.sslContext(dev.vigil.core.tls.TlsTrust.context(Path.of(config.redfishCaFile())));
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new dev.vigil.core.error.UsageException("cannot use redfish_ca_file " + config.redfishCaFile() + ": " + e.getMessage());
        }
        this.http = b.build();
    }

    @Override
    public PowerState status() throws BmcException {
        String s = powerState();
        switch (s) {
            case "On": case "PoweringOn": return PowerState.ON;
            case "Off": case "PoweringOff": return PowerState.OFF;
            default: throw new BmcException(BmcException.Kind.FAILED, "unexpected PowerState '" + s + "' from " + base);
        }
    }

    private String powerState() throws BmcException {
        return get(system()).path("PowerState").asText("");
    }

    @Override
    public void powerOn() throws BmcException {
        change(PowerState.ON, "On", "PoweringOff", "On", "ForceOn", "PushPowerButton");
    }

    @Override
    public void powerOff() throws BmcException {
        change(PowerState.OFF, "Off", "PoweringOn", "ForceOff", "GracefulShutdown", "PushPowerButton");
    }

    /**
     * Sends one reset and polls until the system reaches {@code want}, for up to power.confirm_timeout:
     * real BMCs apply a change 1-15 s after accepting it. While the opposite change is still pending
     * (PoweringOff before an on), nothing is sent until it settles, so a late off can never follow an
     * on. The same reset is sent once more only when, halfway through, the state is still the settled
     * opposite (accepted but dropped, as some BMCs do when busy); the opposite command never is.
     */
    private void change(PowerState want, String done, String oppositePending, String... resetTypes) throws BmcException {
        long deadline = System.nanoTime() + config.confirmWait().toNanos();
        String s = powerState();
        while (s.equals(oppositePending)) {
            if (System.nanoTime() > deadline) {
                throw new BmcException(BmcException.Kind.FAILED, base + ": the system is still " + s + " after "
                        + dev.vigil.core.config.Durations.format(config.confirmWait()) + "; nothing was sent (it would race the pending change)");
            }
            sleep(config.confirmInterval().toMillis());
            s = powerState();
        }
        if (s.equals(done)) {
            return;
        }
        String type = pick(resetTypes);
        // the same change already under way (PoweringOff for an off) is waited for, not sent again
        boolean underWay = s.equals(want == PowerState.ON ? "PoweringOn" : "PoweringOff");
        if (!underWay) {
            reset(type);
        }
        long resendAt = System.nanoTime() + config.confirmWait().toNanos() / 2;
        boolean resent = underWay;
        while (true) {
            sleep(config.confirmInterval().toMillis());
            s = powerState();
            if (s.equals(done)) {
                return;
            }
            long now = System.nanoTime();
            if (now > deadline) {
                throw new BmcException(BmcException.Kind.FAILED, base + " accepted " + type + (resent ? " twice" : "") + " but the system is "
                        + s + " after " + dev.vigil.core.config.Durations.format(config.confirmWait())
                        + " (power.confirm_timeout); nothing else was sent");
            }
            boolean settledOpposite = s.equals(want == PowerState.ON ? "Off" : "On");
            if (!resent && now > resendAt && settledOpposite) {
                reset(type);
                resent = true;
            }
        }
    }

    @Override
    public void cycle() throws BmcException {
        if (status() == PowerState.ON) {
            powerOff();
        }
        powerOn();
    }

    /** Vigil's policy names (ipmitool's) to Redfish's PowerRestorePolicy values. */
    private static final Map<String, String> POLICIES = Map.of("always-on", "AlwaysOn", "always-off", "AlwaysOff", "previous", "LastState");

    @Override
    public String restorePolicy() throws BmcException {
        String p = get(system()).path("PowerRestorePolicy").asText("");
        return POLICIES.entrySet().stream().filter(e -> e.getValue().equals(p)).map(Map.Entry::getKey).findFirst().orElse("unknown");
    }

    @Override
    public void setRestorePolicy(String policy) throws BmcException {
        String value = POLICIES.get(policy);
        if (value == null) {
            throw new IllegalArgumentException("restore policy " + policy);
        }
        // If-Match with the resource's ETag, as Redfish asks of a PATCH (DSP0266 §7.4): a BMC that
        // changed the resource meanwhile answers 412, and the PATCH is made once more on a fresh read
        HttpResponse<String> r = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            String etag = etag(system());
            HttpRequest.Builder b = request(system()).header("Content-Type", "application/json");
            if (etag != null) {
                b.header("If-Match", etag);
            }
            r = send(b.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"PowerRestorePolicy\":\"" + value + "\"}")).build());
            if (r.statusCode() != 412) {
                break;
            }
        }
        if (r.statusCode() != 200 && r.statusCode() != 202 && r.statusCode() != 204) {
            throw failure(r, "PATCH PowerRestorePolicy");
        }
    }

    /** The resource's ETag: the ETag header of a GET, else its {@code @odata.etag}; null when the BMC gives none. */
    private String etag(String path) throws BmcException {
        HttpResponse<String> r = send(request(path).GET().build());
        if (r.statusCode() != 200) {
            throw failure(r, "GET " + path);
        }
        String header = r.headers().firstValue("ETag").orElse(null);
        if (header != null && !header.isBlank()) {
            return header;
        }
        try {
            String body = Yaml.jsonMapper().readTree(r.body()).path("@odata.etag").asText("");
            return body.isEmpty() ? null : body;
        } catch (IOException e) {
            return null;
        }
    }

    /** The first of {@code preferred} that the BMC lists as allowed (all of them if it lists none). */
    String pick(String... preferred) throws BmcException {
        JsonNode allowed = get(system()).path("Actions").path("#ComputerSystem.Reset").path("ResetType@Redfish.AllowableValues");
        if (!allowed.isArray() || allowed.isEmpty()) {
            return preferred[0];
        }
        List<String> list = new ArrayList<>();
        allowed.forEach(a -> list.add(a.asText()));
        for (String p : preferred) {
            if (list.contains(p)) {
                return p;
            }
        }
        throw new BmcException(BmcException.Kind.FAILED, base + " allows none of " + String.join(", ", preferred) + " (allowed: " + list + ")");
    }

    private void reset(String type) throws BmcException {
        String target = get(system()).path("Actions").path("#ComputerSystem.Reset").path("target")
                .asText(system() + "/Actions/ComputerSystem.Reset");
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> r = send(request(target).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"ResetType\":\"" + type + "\"}")).build());
            int code = r.statusCode();
            if (code == 200 || code == 202 || code == 204) {
                return;
            }
            if (code == 409 && attempt < CONFLICT_RETRIES) {
                sleep(500);
                continue;
            }
            throw failure(r, "Reset " + type);
        }
    }

    /** Pages of a log read at most: a BMC whose nextLink never ends is not followed forever. */
    static final int MAX_LOG_PAGES = 50;
    /** Sensor resources read at most per chassis (the newer model costs one GET each). */
    static final int MAX_SENSORS = 400;

    /**
     * Every chassis' sensors: its Thermal and Power resources where it has them (two requests, what most BMCs
     * serve), else the newer Sensors collection with PowerSubsystem's power supplies and ThermalSubsystem's fans.
     */
    @Override
    public List<dev.vigil.core.bmc.Sensor> sensors() throws dev.vigil.core.bmc.BmcReadException {
        try {
            List<dev.vigil.core.bmc.Sensor> out = new ArrayList<>();
            for (JsonNode m : get("/redfish/v1/Chassis").path("Members")) {
                JsonNode chassis = get(m.path("@odata.id").asText());
                String thermal = chassis.path("Thermal").path("@odata.id").asText("");
                String power = chassis.path("Power").path("@odata.id").asText("");
                if (!thermal.isEmpty() || !power.isEmpty()) {
                    if (!thermal.isEmpty()) {
                        out.addAll(RedfishHealth.thermal(get(thermal)));
                    }
                    if (!power.isEmpty()) {
                        out.addAll(RedfishHealth.power(get(power)));
                    }
                    continue;
                }
                for (String id : members(chassis.path("Sensors").path("@odata.id").asText(""), MAX_SENSORS)) {
                    RedfishHealth.sensor(get(id)).ifPresent(out::add);
                }
                String ps = chassis.path("PowerSubsystem").path("@odata.id").asText("");
                if (!ps.isEmpty()) {
                    for (String id : members(get(ps).path("PowerSupplies").path("@odata.id").asText(""), MAX_SENSORS)) {
                        RedfishHealth.component(get(id), "power-supply").ifPresent(out::add);
                    }
                }
                String ts = chassis.path("ThermalSubsystem").path("@odata.id").asText("");
                if (!ts.isEmpty()) {
                    for (String id : members(get(ts).path("Fans").path("@odata.id").asText(""), MAX_SENSORS)) {
                        RedfishHealth.component(get(id), "fan").ifPresent(out::add);
                    }
                }
            }
            return out;
        } catch (BmcException e) {
            throw readFailure(e);
        }
    }

    /** The system's log services' entries, each log's pages followed; fullness from the fullest log. */
    @Override
    public dev.vigil.core.bmc.EventLog events() throws dev.vigil.core.bmc.BmcReadException {
        try {
            List<dev.vigil.core.bmc.SelEntry> all = new ArrayList<>();
            Integer fullest = null;
            for (String id : logServices()) {
                JsonNode service = get(id);
                List<dev.vigil.core.bmc.SelEntry> entries = new ArrayList<>();
                java.util.Set<String> seen = new java.util.HashSet<>();
                String page = service.path("Entries").path("@odata.id").asText("");
                for (int i = 0; i < MAX_LOG_PAGES && !page.isEmpty(); i++) {
                    JsonNode doc = get(page);
                    int before = entries.size();
                    for (dev.vigil.core.bmc.SelEntry e : RedfishHealth.entries(doc)) {
                        if (seen.add(e.key())) {
                            entries.add(e);
                        }
                    }
                    // a page that adds nothing (a stand-in that ignores $skiptoken) ends the walk
                    page = entries.size() == before ? "" : doc.path("@odata.nextLink").asText("");
                }
                Integer used = RedfishHealth.log(service, entries).percentUsed();
                fullest = used == null ? fullest : fullest == null ? used : Math.max(fullest, used);
                all.addAll(entries);
            }
            return new dev.vigil.core.bmc.EventLog(all, fullest);
        } catch (BmcException e) {
            throw readFailure(e);
        }
    }

    @Override
    public void clearEvents() throws dev.vigil.core.bmc.BmcReadException {
        try {
            for (String id : logServices()) {
                String target = get(id).path("Actions").path("#LogService.ClearLog").path("target").asText("");
                if (!target.isEmpty()) {
                    HttpResponse<String> r = send(request(target).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
                    if (r.statusCode() >= 300) {
                        throw failure(r, "ClearLog " + id);
                    }
                }
            }
        } catch (BmcException e) {
            throw readFailure(e);
        }
    }

    /** The system's log services (at most 20). */
    private List<String> logServices() throws BmcException {
        return members(get(system()).path("LogServices").path("@odata.id").asText(""), 20);
    }

    private List<String> members(String collection, int limit) throws BmcException {
        List<String> out = new ArrayList<>();
        if (collection.isEmpty()) {
            return out;
        }
        for (JsonNode m : get(collection).path("Members")) {
            if (out.size() < limit) {
                out.add(m.path("@odata.id").asText());
            }
        }
        return out;
    }

    private static dev.vigil.core.bmc.BmcReadException readFailure(BmcException e) {
        return new dev.vigil.core.bmc.BmcReadException(e.getMessage(), e.kind() == BmcException.Kind.UNREACHABLE);
    }

    private String system() throws BmcException {
        if (systemPath == null) {
            JsonNode members = get("/redfish/v1/Systems").path("Members");
            List<String> ids = new ArrayList<>();
            if (members.isArray()) {
                members.forEach(m -> ids.add(m.path("@odata.id").asText()));
            }
            systemPath = chooseSystem(base, ids, bmc.system());
        }
        return systemPath;
    }

    /**
     * The member of {@code /redfish/v1/Systems} this node is: the one whose last path segment is
     * bmc_system, or the only one. A BMC that lists several and none named is refused, never guessed:
     * member 0 of a blade enclosure is some other node.
     */
    static String chooseSystem(String base, List<String> members, String wanted) throws BmcException {
        if (members.isEmpty()) {
            throw new BmcException(BmcException.Kind.FAILED, base + " lists no system under /redfish/v1/Systems");
        }
        List<String> names = members.stream().map(RedfishDriver::lastSegment).toList();
        if (wanted != null) {
            for (String m : members) {
                if (lastSegment(m).equals(wanted)) {
                    return m;
                }
            }
            throw new BmcException(BmcException.Kind.FAILED, base + " has no system '" + wanted + "' (bmc_system); it lists " + names);
        }
        if (members.size() > 1) {
            throw new BmcException(BmcException.Kind.FAILED, base + " manages " + members.size() + " systems " + names
                    + ": set bmc_system for this node to the one it is; nothing was sent");
        }
        return members.get(0);
    }

    private static String lastSegment(String odataId) {
        String s = odataId.replaceAll("/+$", "");
        return s.substring(s.lastIndexOf('/') + 1);
    }

    private JsonNode get(String path) throws BmcException {
        HttpResponse<String> r = send(request(path).GET().build());
        if (r.statusCode() != 200) {
            throw failure(r, "GET " + path);
        }
        try {
            return Yaml.jsonMapper().readTree(r.body());
        } catch (IOException e) {
            throw new BmcException(BmcException.Kind.FAILED, base + path + " did not answer JSON");
        }
    }

    private HttpRequest.Builder request(String path) throws BmcException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(config.timeout()).header("Accept", "application/json");
        if (config.redfishAuth().equals("session")) {
            b.header("X-Auth-Token", session());
        } else {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    ((bmc.user() == null ? "" : bmc.user()) + ":" + new String(password)).getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }

    private synchronized String session() throws BmcException {
        if (token == null) {
            String body = Yaml.jsonMapper().createObjectNode().put("UserName", bmc.user()).put("Password", new String(password)).toString();
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/redfish/v1/SessionService/Sessions"))
                    .timeout(config.timeout()).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
            if (r.statusCode() != 201 && r.statusCode() != 200) {
                throw failure(r, "creating a session");
            }
            token = r.headers().firstValue("X-Auth-Token").orElseThrow(() ->
                    new BmcException(BmcException.Kind.FAILED, base + " created a session without an X-Auth-Token"));
            sessionUri = r.headers().firstValue("Location").orElseGet(() -> {
                try {
                    return Yaml.jsonMapper().readTree(r.body()).path("@odata.id").asText(null);
                } catch (IOException e) {
                    return null;
                }
            });
        }
        return token;
    }

    /**
     * Logs the session out (DELETE of its URI, from Location or the session's @odata.id): a BMC allows only a few
     * sessions, and one left behind holds a slot until it times out. Best effort: a BMC gone away is not an error.
     */
    @Override
    public synchronized void close() {
        String t = token;
        String uri = sessionUri;
        token = null;
        sessionUri = null;
        if (t == null || uri == null) {
            return;
        }
        URI target = uri.startsWith("http") ? URI.create(uri) : URI.create(base + uri);
        try {
            http.send(HttpRequest.newBuilder(target).timeout(config.timeout()).header("X-Auth-Token", t).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(RedfishDriver.class).debug("{}: the session was not logged out: {}", base, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpResponse<String> send(HttpRequest req) throws BmcException {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (SSLHandshakeException e) {
            throw new BmcException(BmcException.Kind.FAILED, base + ": certificate not trusted (" + e.getMessage() + "); set power.redfish_ca_file, "
                    + "or list the node in power.redfish_insecure_nodes to skip verification for it");
        } catch (HttpConnectTimeoutException e) {
            throw new BmcException(BmcException.Kind.UNREACHABLE, base + " does not answer");
        } catch (IOException e) {
            throw new BmcException(BmcException.Kind.UNREACHABLE, base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BmcException(BmcException.Kind.FAILED, "interrupted");
        }
    }

    private BmcException failure(HttpResponse<String> r, String what) {
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            return new BmcException(BmcException.Kind.AUTH_FAILED, base + " refused user '" + bmc.user() + "' (HTTP " + r.statusCode()
                    + "; password from " + bmc.password() + ")");
        }
        String said = errorText(r.body());
        return new BmcException(BmcException.Kind.FAILED, base + ": " + what + " answered HTTP " + r.statusCode() + (said.isEmpty() ? "" : ": " + said));
    }

    /**
     * The BMC's own words from a Redfish error body: {@code error.@Message.ExtendedInfo[].Message}
     * (with its resolution), else {@code error.message}; control characters removed, at most 300 chars.
     */
    static String errorText(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        JsonNode err;
        try {
            err = Yaml.jsonMapper().readTree(body).path("error");
        } catch (IOException e) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode info : err.path("@Message.ExtendedInfo")) {
            String m = info.path("Message").asText("");
            String fix = info.path("Resolution").asText("");
            if (!m.isEmpty()) {
                parts.add(fix.isEmpty() ? m : m + " (" + fix + ")");
            }
        }
        if (parts.isEmpty() && !err.path("message").asText("").isEmpty()) {
            parts.add(err.path("message").asText());
        }
        String text = String.join("; ", parts).replaceAll("\\p{Cntrl}", " ").strip();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static void sleep(long ms) throws BmcException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BmcException(BmcException.Kind.FAILED, "interrupted");
        }
    }

    /**
     * Only for BMCs the operator named in redfish_insecure_nodes: neither the chain nor the host name is
     * checked. An X509ExtendedTrustManager, because the JDK wraps a plain X509TrustManager in one that
     * still checks the host name (and a typical BMC certificate, CN=localhost without SAN, fails it).
     */
    private static SSLContext trustAll() throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new javax.net.ssl.X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return ctx;
    }
}
