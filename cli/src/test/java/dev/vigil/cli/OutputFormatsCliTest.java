package dev.vigil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.result.render.RendererRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** --format on every command: each format of the registry, the same exit code as the table, and a bad one refused before any work. */
class OutputFormatsCliTest {
    @TempDir
    Path dir;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(dir.resolve("vigil.yaml"), "schedules:\n  jobs:\n    alarm-scan: {enabled: false}\n");
    }

    private InProcess vigil(String... args) {
        return InProcess.run(dir.resolve("st"), dir.resolve("vigil.yaml"), args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"exec -- true", "inventory list", "inventory check", "healthcheck list", "healthcheck run --checks disk-space",
            "playbook list", "playbook show pre-upgrade", "playbook validate pre-upgrade", "config show", "schedule list", "schedule history",
            "healthcheck history", "collect --profile clock --out OUT", "kbox collect --out OUT", "schedule crontab",
            "playbook run pre-upgrade --dry-run --reason formats", "backup list --target file://OUT"})
    void everyFormatOfTheRegistry_onEveryCommand(String command) throws Exception {
        Files.createDirectories(dir.resolve("out"));
        List<String> args = new ArrayList<>(List.of(command.replace("OUT", dir.resolve("out").toString()).split(" ")));
        InProcess table = vigil(args.toArray(new String[0]));
        for (String format : RendererRegistry.builtIn().names()) {
            List<String> a = new ArrayList<>(args);
            int at = a.contains("--") ? a.indexOf("--") : a.size();
            a.addAll(at, List.of("--format", format));
            InProcess r = vigil(a.toArray(new String[0]));
            assertThat(r.code()).as(command + " --format " + format + "\n" + r.err()).isEqualTo(table.code()).isNotEqualTo(64);
            switch (format) {
                case "json" -> new ObjectMapper().readTree(r.out());
                case "junit" -> {
                    assertThat(r.out()).contains("<testsuite");
                    javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                            .parse(new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8)));
                    xmllint(r.out());
                }
                case "markdown" -> assertThat(r.out()).contains("| Status | Node | Item | Message |");
                case "nagios" -> assertThat(r.out()).startsWith("VIGIL ");
                case "html" -> assertThat(r.out()).contains("<html");
                default -> assertThat(r.out()).as(command + " --format " + format).isNotBlank();
            }
        }
        InProcess bad = vigil(withFormat(args, "yaml"));
        assertThat(bad.code()).isEqualTo(64);
        assertThat(bad.err().strip().lines()).singleElement().asString().contains("'yaml' is not a format").contains("markdown");
    }

    @org.junit.jupiter.api.Test
    void anOutThatCannotBeWritten_isRefusedBeforeAnyWork_inOneLine() throws Exception {
        Path marker = dir.resolve("ran");
        for (String[] args : List.of(new String[] {"exec", "--out", "/proc/vigil-nope", "--", "touch " + marker},
                new String[] {"healthcheck", "run", "--checks", "memory", "--out", "/proc/vigil-nope"},
                new String[] {"inventory", "list", "--out", dir.toString()})) {
            InProcess r = vigil(args);
            assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(64);
            assertThat(r.err().strip().lines()).as(r.err()).singleElement().asString().startsWith("vigil: --out: ").doesNotContain("internal error");
        }
        assertThat(marker).as("nothing ran").doesNotExist();
    }

    private static String[] withFormat(List<String> args, String format) {
        List<String> a = new ArrayList<>(args);
        int at = a.contains("--") ? a.indexOf("--") : a.size();
        a.addAll(at, List.of("--format", format));
        return a.toArray(new String[0]);
    }

    /** The real tool as the oracle, where it is installed (.ci/run installs it). */
    private void xmllint(String xml) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/xmllint"))) {
            return;
        }
        Path f = Files.writeString(dir.resolve("junit.xml"), xml);
        Process p = new ProcessBuilder("/usr/bin/xmllint", "--noout", f.toString()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(said).isZero();
    }
}
