package dev.vigil.core.transport;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The oracle is the real {@code ssh -G}: for every host alias of every config of the corpus under
 * src/test/resources/ssh-oracle (Host patterns, Include, Match, ProxyJump, ProxyCommand), Vigil resolves the
 * same user, host name, port, identity files and jump chain or proxy command as ssh -G printed (captured by
 * its capture.sh), and, where this runs as root with unshare and ssh, as ssh -G prints now. The case
 * directory stands for ~/.ssh, so relative Includes resolve as they would for an operator.
 */
class SshConfigOracleTest {
    private static final Path CORPUS = Path.of("src/test/resources/ssh-oracle");
    private static final List<String> DEFAULT_IDENTITIES = List.of("~/.ssh/id_rsa", "~/.ssh/id_ecdsa", "~/.ssh/id_ecdsa_sk",
            "~/.ssh/id_ed25519", "~/.ssh/id_ed25519_sk", "~/.ssh/id_xmss", "~/.ssh/id_dsa");

    static List<String> cases() throws IOException {
        try (Stream<Path> s = Files.list(CORPUS)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void vigilResolvesWhatSshGPrinted(String name) throws IOException {
        Path dir = CORPUS.resolve(name).toAbsolutePath();
        Map<String, Map<String, List<String>>> expected = parse(Files.readString(dir.resolve("expected")));
        assertThat(expected.keySet()).as("the captured hosts").containsExactlyElementsOf(hosts(dir));
        SshConfigFile config = SshConfigFile.load(dir.resolve("config"), dir);
        expected.forEach((alias, want) -> assertThat(vigil(config, alias)).as(name + ": " + alias).isEqualTo(want));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void vigilResolvesWhatTheInstalledSshGPrints(String name) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")) && onPath("unshare") && onPath("ssh"),
                "needs root, unshare and ssh to run ssh -G with the case as ~/.ssh");
        Path dir = CORPUS.resolve(name).toAbsolutePath();
        Files.createDirectories(Path.of(System.getProperty("user.home"), ".ssh"));
        SshConfigFile config = SshConfigFile.load(dir.resolve("config"), dir);
        for (String alias : hosts(dir)) {
            Process p = new ProcessBuilder("unshare", "--mount", "sh", "-c",
                    "mount --bind \"$1\" \"$HOME/.ssh\" && exec ssh -G -F \"$HOME/.ssh/config\" \"$2\"", "sh", dir.toString(), alias)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("ssh -G " + alias).isZero();
            Map<String, List<String>> live = parse("host " + alias + "\n" + out).get(alias);
            assertThat(vigil(config, alias)).as(name + ": " + alias + " (live ssh -G)").isEqualTo(live);
        }
    }

    /** What Vigil resolved, in ssh -G's terms (its defaults filled in where the config says nothing). */
    private static Map<String, List<String>> vigil(SshConfigFile config, String alias) {
        SshConfigFile.HostConfig c = config.resolve(alias, System.getProperty("user.name"));
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("user", List.of(c.user() != null ? c.user() : System.getProperty("user.name")));
        m.put("hostname", List.of(c.hostName() != null ? c.hostName() : alias.toLowerCase(Locale.ROOT)));
        m.put("port", List.of(String.valueOf(c.port() != null ? c.port() : 22)));
        m.put("identityfile", c.identityFiles().isEmpty() ? DEFAULT_IDENTITIES : c.identityFiles());
        if (c.proxyJump() != null) {
            m.put("proxyjump", List.of(c.proxyJump()));
        }
        if (c.proxyCommand() != null) {
            m.put("proxycommand", List.of(c.proxyCommand()));
        }
        return m;
    }

    private static Map<String, Map<String, List<String>>> parse(String text) {
        Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
        Map<String, List<String>> cur = null;
        for (String line : text.split("\n")) {
            String[] kv = line.split(" ", 2);
            if (kv.length < 2) {
                continue;
            }
            if (kv[0].equals("host")) {
                cur = new LinkedHashMap<>();
                out.put(kv[1], cur);
            } else if (cur != null && List.of("user", "hostname", "port", "identityfile", "proxyjump", "proxycommand").contains(kv[0])) {
                cur.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(kv[1]);
            }
        }
        return out;
    }

    private static List<String> hosts(Path dir) throws IOException {
        return Files.readAllLines(dir.resolve("hosts")).stream().filter(l -> !l.isBlank()).toList();
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
