package dev.vigil.backup.target;

import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.impl.DefaultFtpServer;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfigurationFactory;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** An embedded Apache FtpServer with TLS (explicit or implicit) on 127.0.0.1, its certificate made by keytool. */
public final class FtpsFixture implements AutoCloseable {
    public static final String USER = "backup";
    public static final String PASSWORD = "s3cret-ftp";

    private final FtpServer server;
    private final int port;
    private final Path ca;
    private final boolean implicit;
    public final Path home;

    public FtpsFixture(Path dir, boolean implicit) throws Exception {
        this.implicit = implicit;
        this.home = Files.createDirectories(dir.resolve("home"));
        Path ks = dir.resolve("server.p12");
        ca = dir.resolve("ca.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "ftp", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", ks.toString(), "-storetype", "PKCS12",
                "-storepass", "keystore-pw", "-keypass", "keystore-pw");
        run(keytool, "-exportcert", "-rfc", "-alias", "ftp", "-keystore", ks.toString(), "-storepass", "keystore-pw", "-file", ca.toString());
        SslConfigurationFactory ssl = new SslConfigurationFactory();
        ssl.setKeystoreFile(ks.toFile());
        ssl.setKeystorePassword("keystore-pw");
        ssl.setKeystoreType("PKCS12");
        ListenerFactory lf = new ListenerFactory();
        lf.setServerAddress("127.0.0.1");
        lf.setPort(0);
        lf.setSslConfiguration(ssl.createSslConfiguration());
        lf.setImplicitSsl(implicit);
        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        data.setPassiveAddress("127.0.0.1");
        data.setPassiveExternalAddress("127.0.0.1");
        lf.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
        FtpServerFactory sf = new FtpServerFactory();
        sf.addListener("default", lf.createListener());
        var users = new PropertiesUserManagerFactory().createUserManager();
        BaseUser u = new BaseUser();
        u.setName(USER);
        u.setPassword(PASSWORD);
        u.setHomeDirectory(home.toString());
        u.setAuthorities(List.<Authority>of(new WritePermission()));
        users.save(u);
        sf.setUserManager(users);
        server = sf.createServer();
        server.start();
        port = ((DefaultFtpServer) server).getListener("default").getPort();
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        }
    }

    public int port() {
        return port;
    }

    public Path caFile() {
        return ca;
    }

    public String url(String dir) {
        return (implicit ? "ftps" : "ftpes") + "://" + USER + "@127.0.0.1:" + port + dir;
    }

    /** A target for this server, trusting its certificate. */
    public Target target(String dir) throws Exception {
        return new RetryingTarget(new FtpsTarget(url(dir), "127.0.0.1", port, implicit, USER, dir, PASSWORD::toCharArray,
                () -> dev.vigil.core.tls.TlsTrust.context(ca), Duration.ofSeconds(10)), 2, Duration.ofMillis(100));
    }

    @Override
    public void close() {
        server.stop();
    }
}
