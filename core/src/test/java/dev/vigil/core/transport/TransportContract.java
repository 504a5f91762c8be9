package dev.vigil.core.transport;

import dev.vigil.core.result.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link Transport} promises. Each implementation's test extends this and
 * supplies a transport to a node whose filesystem is this machine's (local, or SSH to loopback).
 */
public abstract class TransportContract {
    @TempDir
    protected Path dir;

    protected abstract Transport transport() throws Exception;

    @Test
    void exec_capturesStdoutStderrAndExitCode() throws Exception {
        ExecResult r = transport().exec("echo out; echo err >&2; exit 7", Duration.ofSeconds(10));
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(r.exitCode()).isEqualTo(7);
        assertThat(r.timedOut()).isFalse();
    }

    @Test
    void exec_runsCompoundShellCommands() throws Exception {
        ExecResult r = transport().exec("for i in 1 2 3; do printf '%s,' $i; done | tr , -", Duration.ofSeconds(10));
        assertThat(r.stdout()).isEqualTo("1-2-3-");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void exec_givesCommandsEmptyStdin() throws Exception {
        ExecResult r = transport().exec("cat; echo done", Duration.ofSeconds(10));
        assertThat(r.stdout()).isEqualTo("done\n");
    }

    @Test
    void exec_pastDeadline_endsTheWholeProcessTree() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        long start = System.nanoTime();
        ExecResult r = transport().exec("sleep 60 & echo $! > " + ShellQuote.quote(pidFile.toString()) + "; wait",
                Duration.ofSeconds(1));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.timedOut()).isTrue();
        assertThat(elapsedMs).isLessThan(8_000);
        long child = Long.parseLong(Files.readString(pidFile).trim());
        assertProcessGone(child);
    }

    protected static void assertProcessGone(long pid) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < until && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            Thread.sleep(50);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("process %d left running after the deadline", pid).isFalse();
    }

    @Test
    void run_streamsLargeOutputIntact() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(data);
        Path f = dir.resolve("big.bin");
        Files.write(f, data);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        int code = transport().run("cat " + ShellQuote.quote(f.toString()), null, sink, OutputStream(), Duration.ofSeconds(30));
        assertThat(code).isZero();
        assertThat(sink.toByteArray()).isEqualTo(data);
    }

    private static java.io.OutputStream OutputStream() {
        return java.io.OutputStream.nullOutputStream();
    }

    @Test
    void run_feedsStdin() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        int code = transport().run("tr a-z A-Z", new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)), sink,
                OutputStream(), Duration.ofSeconds(10));
        assertThat(code).isZero();
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("HELLO");
    }

    @Test
    void read_streamsAFile() throws Exception {
        Path f = dir.resolve("a file with spaces");
        Files.writeString(f, "content\n");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        transport().read(f.toString(), sink, Duration.ofSeconds(10));
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("content\n");
    }

    @Test
    void read_missingFile_isNotFound() {
        assertThatThrownBy(() -> transport().read(dir.resolve("absent").toString(), new ByteArrayOutputStream(), Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(RemoteFileException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RemoteFileException.Reason.NOT_FOUND);
                    assertThat(e.outcome()).isEqualTo(Outcome.FAILED);
                });
    }

    @Test
    void write_createsTheFileWholeWithItsMode() throws Exception {
        Path f = dir.resolve("out.conf");
        transport().write(f.toString(), new ByteArrayInputStream("a=1\n".getBytes(StandardCharsets.UTF_8)), "0640",
                Duration.ofSeconds(10));
        assertThat(Files.readString(f)).isEqualTo("a=1\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r-----");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("vigil-tmp"));
        }
    }

    @Test
    void write_intoMissingDirectory_isNotFound() {
        assertThatThrownBy(() -> transport().write(dir.resolve("no/such/dir/f").toString(),
                new ByteArrayInputStream(new byte[0]), "0600", Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(RemoteFileException.class,
                        e -> assertThat(e.reason()).isEqualTo(RemoteFileException.Reason.NOT_FOUND));
    }

    @Test
    void pathsWithShellMetacharacters_areTakenLiterally() throws Exception {
        String canaryName = "vigil-canary-" + Long.toHexString(new Random().nextLong() & Long.MAX_VALUE);
        String evil = dir.resolve("x'; touch " + canaryName + "; echo '$(touch " + canaryName + ")`touch " + canaryName
                + "`\"$(touch " + canaryName + ")\";touch " + canaryName).toString();
        transport().write(evil, new ByteArrayInputStream("ok".getBytes(StandardCharsets.UTF_8)), "0600", Duration.ofSeconds(10));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        transport().read(evil, sink, Duration.ofSeconds(10));
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("ok");
        assertThat(Files.exists(Path.of(evil))).isTrue();
        for (String where : new String[] {System.getProperty("user.dir"), System.getProperty("user.home"), "/"}) {
            assertThat(Files.exists(Path.of(where, canaryName))).as("a quoted path ran a command in %s", where).isFalse();
        }
    }

    @Test
    void concurrentCommands_shareTheTransport() throws Exception {
        Transport t = transport();
        java.util.List<java.util.concurrent.CompletableFuture<ExecResult>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            all.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return t.exec("sleep 0.2; echo " + n, Duration.ofSeconds(20));
                } catch (TransportException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (int i = 0; i < 8; i++) {
            assertThat(all.get(i).get().stdout()).isEqualTo(i + "\n");
        }
    }

    @Test
    void manyCommandsThatEndAtOnce_allSucceed() throws Exception {
        // a command that is over before the client has finished starting its channel once raced in JSch
        Transport t = transport();
        java.util.List<java.util.concurrent.CompletableFuture<Integer>> all = new java.util.ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < 160; i++) {
                all.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return t.exec("true", Duration.ofSeconds(20)).exitCode();
                    } catch (TransportException e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            for (java.util.concurrent.CompletableFuture<Integer> f : all) {
                assertThat(f.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
