package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** vigil collect on the local machine: every item recorded, whatever happens to it; the archive complete. */
class CollectCliTest {
    @TempDir
    Path dir;

    private int vigil(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        List<String> all = new ArrayList<>(List.of("--state-dir", dir.resolve("st").toString(), "-c", dir.resolve("vigil.yaml").toString(),
                "--progress", "none"));
        all.addAll(List.of(args));
        return Vigil.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(),
                all.toArray(new String[0]));
    }

    /** Archive entry name to content. */
    static Map<String, String> read(Path archive) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(archive);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                out.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Test
    void everyItemIsRecorded_andTheArchiveIsComplete() throws Exception {
        Path node = dir.resolve("node");
        Files.createDirectories(node.resolve("etc/app"));
        Files.writeString(node.resolve("etc/app/db.properties"), "url=jdbc:postgresql://vrm:5432/vrm\nuser=vrm\npassword=S3cr3t-pw!\n");
        Files.writeString(node.resolve("etc/app/huge.log"), "y".repeat(5000));
        Files.writeString(node.resolve("etc/app/two\nlines.properties"), "pwd: hunter2\n");
        Files.createDirectories(node.resolve("crash/x"));
        Files.copy(Path.of("../kbox-collector/src/test/resources/crash/vmcore-dmesg-null-deref.txt"), node.resolve("crash/x/vmcore-dmesg.txt"));
        Files.writeString(dir.resolve("vigil.yaml"), "kbox:\n  kdump_paths: ['" + node.resolve("crash") + "']\n  kbox_paths: ['" + node.resolve("kbox")
                + "']\n  pstore_paths: ['" + node.resolve("pstore") + "']\n");
        Path profile = dir.resolve("mine.yaml");
        Files.writeString(profile, "name: mine\ndescription: a test profile\ninclude: [clock]\nitems:\n"
                + "  - {name: app-config, files: ['" + node + "/etc/app/*.properties']}\n"
                + "  - {name: big-log, files: ['" + node + "/etc/app/huge.log'], max_bytes: 100}\n"
                + "  - {name: nothing-here, files: ['" + node + "/nope/*.conf']}\n"
                + "  - {name: slow, command: 'sleep 30', timeout: 1s}\n"
                + "  - {name: broken, command: 'echo partial; exit 3'}\n"
                + "  - {name: secret-echo, command: 'echo token=abc123def; echo host 10.20.30.40'}\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = vigil(out, err, "collect", "--profile", profile.toString(), "--redact", "--redact-hosts", "--out", dir.resolve("out").toString());
        assertThat(code).as(err.toString()).isEqualTo(1);
        Path archive;
        try (Stream<Path> s = Files.list(dir.resolve("out"))) {
            archive = s.filter(p -> p.toString().endsWith(".tar.gz")).findFirst().orElseThrow();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archive))).isEqualTo("rw-------");
        Map<String, String> inArchive = read(archive);
        // one top-level directory, named as the archive: unpacking it never scatters files into the current directory
        String top = archive.getFileName().toString().replace(".tar.gz", "") + "/";
        assertThat(inArchive.keySet()).allMatch(n -> n.startsWith(top));
        Map<String, String> files = new LinkedHashMap<>();
        inArchive.forEach((n, v) -> files.put(n.substring(top.length()), v));
        List<String> names = new ArrayList<>(files.keySet());
        assertThat(names.subList(0, 2)).containsExactly("SUMMARY.txt", "manifest.json");
        // --redact-hosts: the node's name is gone from the archive's paths as from its manifest, and the two agree
        assertThat(names).anyMatch(n -> n.startsWith("host-1/environment/")).anyMatch(n -> n.startsWith("host-1/chrony/"))
                .noneMatch(n -> n.contains("localhost"));
        assertThat(files.get("manifest.json")).doesNotContain("localhost");

        JsonNode manifest = new ObjectMapper().readTree(files.get("manifest.json"));
        Map<String, JsonNode> byItem = new LinkedHashMap<>();
        manifest.forEach(e -> byItem.put(e.get("item").asText(), e));
        assertThat(byItem.get("nothing-here").get("status").asText()).isEqualTo("absent");
        assertThat(byItem.get("slow").get("status").asText()).isEqualTo("timed-out");
        assertThat(byItem.get("broken").get("status").asText()).isEqualTo("failed");
        assertThat(byItem.get("broken").get("exit_status").asInt()).isEqualTo(3);
        assertThat(byItem.get("big-log").get("truncated").asBoolean()).isTrue();
        assertThat(byItem.get("big-log").get("bytes").asLong()).isEqualTo(100);
        manifest.forEach(e -> {
            if (e.hasNonNull("file")) {
                assertThat(names).as("the manifest's file is the archive's name").contains(e.get("file").asText());
            }
        });
        List<JsonNode> configs = new ArrayList<>();
        manifest.forEach(e -> {
            if (e.get("item").asText().equals("app-config")) {
                configs.add(e);
            }
        });
        assertThat(configs).as("a name with a newline is collected like any other").anySatisfy(e -> {
            assertThat(e.get("source").asText()).endsWith("/etc/app/two\nlines.properties");
            assertThat(e.get("status").asText()).isEqualTo("ok");
            assertThat(e.get("file").asText()).endsWith("two\\x0alines.properties");
        });
        JsonNode cfg = configs.stream().filter(e -> e.get("source").asText().endsWith("db.properties")).findFirst().orElseThrow();
        assertThat(cfg.get("status").asText()).isEqualTo("ok");
        assertThat(cfg.get("sha256").asText()).hasSize(64);
        for (String field : List.of("node", "source", "start", "end", "bytes", "sha256", "truncated", "status")) {
            assertThat(cfg.has(field)).as(field).isTrue();
        }

        String all = String.join("\n", files.values());
        assertThat(all).doesNotContain("S3cr3t-pw!").doesNotContain("abc123def").doesNotContain("10.20.30.40");
        assertThat(files.get("host-1/app-config" + node + "/etc/app/db.properties")).contains("password=****");
        assertThat(all).doesNotContain("hunter2");
        assertThat(files.get("SUMMARY.txt")).contains("profile mine").contains("1 timed-out").contains("slow (sleep 30): timed-out")
                .contains("bug: BUG: kernel NULL pointer dereference").contains("Redaction: on");
        Path mapping = dir.resolve("out").resolve(archive.getFileName().toString().replace(".tar.gz", ".mapping.json"));
        assertThat(Files.readString(mapping)).contains("\"10.20.30.40\" : \"ip-");
        assertThat(names).noneMatch(n -> n.contains("mapping"));
    }

    @Test
    void unknownProfile_isAUsageErrorWithASuggestion() throws Exception {
        Files.writeString(dir.resolve("vigil.yaml"), "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(vigil(out, err, "collect", "--profile", "netwrok")).isEqualTo(64);
        assertThat(err.toString()).startsWith("vigil: no collection profile 'netwrok'; did you mean 'network'?");
    }

    /** With --alarms, a node whose items could not all be collected is a warning alarm; a full collection clears it. */
    @Test
    void withAlarms_anIncompleteCollectionIsAWarningAlarm_andAFullOneClearsIt() throws Exception {
        Files.writeString(dir.resolve("vigil.yaml"), "");
        Path slow = dir.resolve("slow.yaml");
        Files.writeString(slow, "name: slowpoke\ndescription: one item that times out\nitems:\n  - {name: slow, command: 'sleep 30', timeout: 1s}\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        vigil(out, err, "collect", "--profile", slow.toString(), "--alarms", "--out", dir.resolve("out").toString());
        out.reset();
        assertThat(vigil(out, err, "alarms", "list", "--format", "json")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"item\" : \"collect slowpoke\"").contains("items could not be collected");
        Files.writeString(slow, "name: slowpoke\ndescription: now quick\nitems:\n  - {name: slow, command: 'echo done'}\n");
        vigil(out, err, "collect", "--profile", slow.toString(), "--alarms", "--out", dir.resolve("out").toString());
        out.reset();
        assertThat(vigil(out, err, "alarms", "list")).as(out.toString(StandardCharsets.UTF_8)).isZero();
    }
}
