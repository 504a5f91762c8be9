package dev.vigil.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Debian's PostgreSQL on 127.0.0.1:5439 with trust authentication, started once per test JVM and stopped at its exit. */
final class Postgres {
    static final Path DIR = Path.of("/tmp/vigil-e2e-pg");
    static final int PORT = 5439;
    private static boolean started;

    private Postgres() {
    }

    static synchronized void start() throws Exception {
        if (started) {
            return;
        }
        if (Files.exists(DIR.resolve("data/postmaster.pid"))) {
            sh("runuser", "-u", "postgres", "--", bin("pg_ctl"), "-D", DIR.resolve("data").toString(), "-m", "immediate", "stop");
        }
        sh("rm", "-rf", DIR.toString());
        Files.createDirectories(DIR);
        sh("chown", "postgres", DIR.toString());
        sh("runuser", "-u", "postgres", "--", bin("initdb"), "-D", DIR.resolve("data").toString(), "--auth=trust", "-U", "postgres");
        sh("runuser", "-u", "postgres", "--", bin("pg_ctl"), "-D", DIR.resolve("data").toString(), "-w", "-l", DIR.resolve("log").toString(),
                "-o", "-p " + PORT + " -c listen_addresses=127.0.0.1 -k " + DIR, "start");
        started = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                sh("runuser", "-u", "postgres", "--", bin("pg_ctl"), "-D", DIR.resolve("data").toString(), "-m", "immediate", "stop");
            } catch (Exception ignored) {
                // best effort at JVM exit
            }
        }));
    }

    static String bin(String tool) {
        try (Stream<Path> s = Files.list(Path.of("/usr/lib/postgresql"))) {
            return s.sorted().reduce((a, b) -> b).orElseThrow().resolve("bin").resolve(tool).toString();
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL is not installed (.ci/run installs it)", e);
        }
    }

    static String psql(String db, String sql) throws Exception {
        return sh(bin("psql"), "-h", "127.0.0.1", "-p", String.valueOf(PORT), "-U", "postgres", "-d", db, "-At", "-c", sql);
    }

    static String sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out.strip();
    }
}
