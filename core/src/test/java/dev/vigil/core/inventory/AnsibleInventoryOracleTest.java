package dev.vigil.core.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.error.UsageException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The oracle is the real {@code ansible-inventory --list} (ansible-core): for every inventory of the
 * corpus under src/test/resources/ansible-oracle (written for the test, and in the shapes of Ansible's
 * docs, kubespray and openshift-ansible), Vigil's hosts, groups, addresses, ports, users and vars equal
 * what ansible-inventory printed (captured by its capture.sh into expected.json), and, where
 * ansible-inventory is installed, what it prints now. An inventory Ansible refuses, Vigil refuses too.
 */
class AnsibleInventoryOracleTest {
    private static final Path CORPUS = Path.of("src/test/resources/ansible-oracle");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SECRETS = Set.of("ansible_password", "ansible_ssh_pass", "ansible_become_password",
            "ansible_become_pass", "ansible_sudo_pass", "ansible_ssh_private_key_passphrase", "bmc_password");

    static List<String> cases() throws IOException {
        try (Stream<Path> s = Files.list(CORPUS)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void vigilReadsWhatAnsibleInventoryPrinted(String name) throws IOException {
        Path dir = CORPUS.resolve(name);
        JsonNode expected = JSON.readTree(dir.resolve("expected.json").toFile());
        Path source = dir.resolve(Files.readString(dir.resolve("source")).strip());
        if (expected.path("error").asBoolean(false)) {
            String why = Files.readString(dir.resolve("expected-error.txt"));
            String group = why.replaceAll("(?s).*undefined group: (\\S+).*", "$1").strip();
            assertThatThrownBy(() -> InventoryLoader.load(source))
                    .as("ansible-inventory refused it: " + why)
                    .isInstanceOfAny(InventoryFormatException.class, UsageException.class)
                    .hasMessageContaining(group);
            return;
        }
        assertSame(expected, InventoryLoader.load(source));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void vigilReadsWhatTheInstalledAnsibleInventoryPrints(String name, @TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(onPath("ansible-inventory"), "ansible-inventory is not installed (Debian: ansible-core)");
        Path dir = tmp.resolve(name);
        copy(CORPUS.resolve(name), dir);
        Path source = dir.resolve(Files.readString(dir.resolve("source")).strip());
        Path cwd = Files.createDirectories(tmp.resolve("cwd"));
        Files.writeString(cwd.resolve("ansible.cfg"), "");
        ProcessBuilder pb = new ProcessBuilder("ansible-inventory", "-i", source.toString(), "--list")
                .directory(cwd.toFile()).redirectError(tmp.resolve("err").toFile()).redirectOutput(tmp.resolve("out").toFile());
        pb.environment().put("ANSIBLE_INVENTORY_UNPARSED_FAILED", "true");
        pb.environment().put("ANSIBLE_CONFIG", cwd.resolve("ansible.cfg").toString());
        pb.environment().put("ANSIBLE_NOCOLOR", "1");
        pb.environment().put("HOME", tmp.toString());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("ansible-inventory finished").isTrue();
        if (p.exitValue() != 0) {
            String err = Files.readString(tmp.resolve("err"));
            assertThatThrownBy(() -> InventoryLoader.load(source)).as("ansible-inventory refused it: " + err)
                    .isInstanceOfAny(InventoryFormatException.class, UsageException.class);
            return;
        }
        assertSame(JSON.readTree(tmp.resolve("out").toFile()), InventoryLoader.load(source));
    }

    /** Hosts, each host's groups, each non-empty group's members, and each host's address, port, user and vars. */
    static void assertSame(JsonNode oracle, Inventory inv) {
        JsonNode hostvars = oracle.path("_meta").path("hostvars");
        Map<String, Set<String>> direct = new TreeMap<>();
        Map<String, Set<String>> children = new TreeMap<>();
        Set<String> hosts = new TreeSet<>();
        hostvars.fieldNames().forEachRemaining(hosts::add);
        for (Iterator<Map.Entry<String, JsonNode>> it = oracle.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> g = it.next();
            if (g.getKey().equals("_meta")) {
                continue;
            }
            Set<String> h = new LinkedHashSet<>();
            g.getValue().path("hosts").forEach(n -> h.add(n.asText()));
            Set<String> c = new LinkedHashSet<>();
            g.getValue().path("children").forEach(n -> c.add(n.asText()));
            direct.put(g.getKey(), h);
            children.put(g.getKey(), c);
            hosts.addAll(h);
        }
        assertThat(new TreeSet<>(inv.nodes().stream().map(Node::name).toList())).as("hosts").isEqualTo(hosts);

        Map<String, Set<String>> members = new TreeMap<>();
        for (String g : direct.keySet()) {
            if (!g.equals("all")) {
                Set<String> m = membersOf(g, direct, children);
                if (!m.isEmpty()) {
                    members.put(g, m);
                }
            }
        }
        Map<String, Set<String>> vigilMembers = new TreeMap<>();
        inv.groups().forEach((g, m) -> {
            if (!m.isEmpty()) {
                vigilMembers.put(g, new TreeSet<>(m));
            }
        });
        assertThat(vigilMembers).as("groups and their members").isEqualTo(members);

        for (String h : hosts) {
            Node n = inv.node(h);
            JsonNode v = hostvars.path(h);
            Set<String> groups = new TreeSet<>();
            members.forEach((g, m) -> {
                if (m.contains(h)) {
                    groups.add(g);
                }
            });
            assertThat(new TreeSet<>(n.groups())).as(h + " groups").isEqualTo(groups);
            assertThat(n.address()).as(h + " address").isEqualTo(text(v, "ansible_host", "ansible_ssh_host", h));
            String port = text(v, "ansible_port", "ansible_ssh_port", null);
            assertThat(n.port()).as(h + " port").isEqualTo(port == null ? null : Integer.valueOf(port));
            assertThat(n.user()).as(h + " user").isEqualTo(text(v, "ansible_user", "ansible_ssh_user", null));
            Map<String, JsonNode> want = new TreeMap<>();
            v.fields().forEachRemaining(e -> {
                if (!SECRETS.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                    want.put(e.getKey(), normal(e.getValue()));
                }
            });
            Map<String, JsonNode> got = new TreeMap<>();
            n.vars().forEach((k, val) -> got.put(k, parsedLike(want.get(k), val)));
            assertThat(got).as(h + " vars").isEqualTo(want);
        }
    }

    private static Set<String> membersOf(String g, Map<String, Set<String>> direct, Map<String, Set<String>> children) {
        Set<String> out = new TreeSet<>(direct.getOrDefault(g, Set.of()));
        for (String c : children.getOrDefault(g, Set.of())) {
            out.addAll(membersOf(c, direct, children));
        }
        return out;
    }

    private static String text(JsonNode v, String key, String alt, String fallback) {
        JsonNode n = v.has(key) ? v.get(key) : v.get(alt);
        return n == null || n.isNull() ? fallback : n.asText();
    }

    /** Scalars as the text Vigil keeps; lists and maps as trees. */
    private static JsonNode normal(JsonNode n) {
        return n.isContainerNode() ? n : JSON.getNodeFactory().textNode(n.asText());
    }

    private static JsonNode parsedLike(JsonNode want, String value) {
        if (want != null && want.isContainerNode()) {
            try {
                return JSON.readTree(value);
            } catch (IOException e) {
                return JSON.getNodeFactory().textNode(value);
            }
        }
        return JSON.getNodeFactory().textNode(value);
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void copy(Path from, Path to) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(from)) {
            all = new ArrayList<>(s.toList());
        }
        for (Path p : all) {
            Path t = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(t);
            } else {
                Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
