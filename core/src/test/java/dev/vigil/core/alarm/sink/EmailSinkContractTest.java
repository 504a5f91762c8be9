package dev.vigil.core.alarm.sink;

import dev.vigil.core.alarm.AlarmSink;
import dev.vigil.core.alarm.AlarmsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The email sink under the shared contract, against a small SMTP receiver on loopback that offers STARTTLS
 * (its certificate made by keytool, trusted through ca_file). Each received message is one entry per alarm
 * line of its body. (e2e/AlarmsE2ETest sends through a real aiosmtpd with STARTTLS required.)
 */
class EmailSinkContractTest extends AlarmSinkContract {
    @TempDir
    static Path dir;
    ServerSocket server;
    SSLContext tls;
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        Path ks = dir.resolve("smtp.p12");
        if (!Files.exists(ks)) {
            run("keytool", "-genkeypair", "-alias", "smtp", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext",
                    "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
            run("keytool", "-exportcert", "-rfc", "-alias", "smtp", "-keystore", ks.toString(), "-storepass", "changeit", "-file",
                    dir.resolve("smtp.pem").toString());
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    session(s);
                } catch (Exception e) {
                    // a connection ended
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    /** 220, EHLO offers STARTTLS, then the rest of the dialogue over TLS; a message's body lines are kept. */
    private void session(Socket plain) throws Exception {
        say(plain.getOutputStream(), "220 contract ESMTP");
        BufferedReader in = reader(plain);
        Socket s = plain;
        boolean secure = false;
        while (true) {
            String line = in.readLine();
            if (line == null) {
                return;
            }
            String cmd = line.toUpperCase(java.util.Locale.ROOT);
            if (cmd.startsWith("EHLO")) {
                say(s.getOutputStream(), secure ? "250 contract" : "250-contract\r\n250 STARTTLS");
            } else if (cmd.startsWith("STARTTLS")) {
                say(s.getOutputStream(), "220 go ahead");
                SSLSocket t = (SSLSocket) tls.getSocketFactory().createSocket(plain, "127.0.0.1", plain.getPort(), true);
                t.setUseClientMode(false);
                t.startHandshake();
                s = t;
                in = reader(t);
                secure = true;
            } else if (cmd.startsWith("DATA")) {
                say(s.getOutputStream(), "354 end with .");
                String l;
                while ((l = in.readLine()) != null && !l.equals(".")) {
                    if (l.startsWith("RAISED") || l.startsWith("UPDATED") || l.startsWith("CLEARED")) {
                        lines.add(l);
                    }
                }
                say(s.getOutputStream(), "250 kept");
            } else if (cmd.startsWith("QUIT")) {
                say(s.getOutputStream(), "221 bye");
                return;
            } else {
                say(s.getOutputStream(), secure ? "250 ok" : "530 STARTTLS first");
            }
        }
    }

    private static BufferedReader reader(Socket s) throws Exception {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void say(OutputStream out, String line) throws Exception {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Override
    AlarmSink sink() {
        return new EmailSink(new AlarmsConfig.Sink(null, "email", "smtp://127.0.0.1:" + server.getLocalPort(), dir.resolve("smtp.pem").toString(),
                null, null, null, null, null, null, null, null, null, "3s", null, new AlarmsConfig.Email("vigil@example.com", List.of("ops@example.com"))),
                Map.of());
    }

    @Override
    List<String> received() {
        return new ArrayList<>(lines);
    }

    @Override
    void stopReceiver() throws Exception {
        server.close();
    }
}
