package dev.vigil.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the built distribution's bin/vigil as an operator would, and keeps what it printed. */
final class VigilRun {
    final int exitCode;
    final String stdout;
    final String stderr;
    final Duration wall;

    private VigilRun(int exitCode, String stdout, String stderr, Duration wall) {
        this.exitCode = exitCode;
        this.stdout = stdout;
        this.stderr = stderr;
        this.wall = wall;
    }

    static Path launcher() {
        Path home = Path.of(System.getProperty("vigil.home", "../cli/target/vigil")).toAbsolutePath().normalize();
        Path bin = home.resolve("bin/vigil");
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException(bin + " is missing: build the distribution first (./mvnw package)");
        }
        return bin;
    }

    /** Two argument lists as one (a command, then the selection every step of a test shares). */
    static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static VigilRun run(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        long start = System.nanoTime();
        try {
            Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("vigil " + String.join(" ", args) + " did not finish in 5 minutes");
            }
            return new VigilRun(p.exitValue(), out.join(), err.join(), Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static VigilRun run(String... args) {
        return run(Map.of(), args);
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    JsonNode json() {
        try {
            return new ObjectMapper().readTree(stdout);
        } catch (IOException e) {
            throw new AssertionError("stdout is not JSON: " + stdout + "\nstderr: " + stderr, e);
        }
    }

    /** The record of one node in a JSON array of per-node records. */
    JsonNode node(String name) {
        for (JsonNode n : json()) {
            if (n.get("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no record for " + name + " in " + stdout);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
