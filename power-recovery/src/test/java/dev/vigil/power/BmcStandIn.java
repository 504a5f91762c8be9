package dev.vigil.power;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import static org.assertj.core.api.Assertions.assertThat;

/** A Redfish BMC stand-in for the driver tests: an HTTPS server on loopback with a certificate keytool makes, and its CA file. */
final class BmcStandIn {
    private BmcStandIn() {
    }

    /**
     * Starts an HTTPS server for /redfish/v1 with a certificate named {@code dname} (and {@code san}
     * when not null), made once in {@code dir}; its certificate is written to {@code dir/NAME.pem}.
     */
    static HttpsServer start(Path dir, String name, String dname, String san, HttpHandler handler) throws Exception {
        Path ks = dir.resolve(name + ".p12");
        if (!Files.exists(ks)) {
            List<String> gen = new ArrayList<>(List.of("keytool", "-genkeypair", "-alias", "bmc", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", dname));
            if (san != null) {
                gen.addAll(List.of("-ext", "SAN=" + san));
            }
            gen.addAll(List.of("-validity", "2", "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                    "-keypass", "changeit"));
            run(gen.toArray(new String[0]));
            run("keytool", "-exportcert", "-rfc", "-alias", "bmc", "-keystore", ks.toString(), "-storepass", "changeit",
                    "-file", dir.resolve(name + ".pem").toString());
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/redfish/v1", handler);
        server.start();
        return server;
    }

    static void reply(HttpExchange ex, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, code == 204 ? -1 : b.length);
        if (code != 204) {
            ex.getResponseBody().write(b);
        }
        ex.close();
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }
}
