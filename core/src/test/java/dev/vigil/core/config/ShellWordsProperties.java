package dev.vigil.core.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.inventory.HostAddress;
import dev.vigil.core.transport.ShellQuote;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ansible splits an INI host line and ansible_ssh_common_args with Python's shlex: the real shlex is the
 * oracle for {@link ShellWords} on hostile lines; quoting round-trips through it; host:port splits back.
 */
class ShellWordsProperties {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> specials = Arbitraries.of("'", "\"", "\\", "#", " ", "\t", "=", "a=b", "'x y'", "\"q \\\" r\"", "\\ ",
                "-o", "ProxyJump=j", "%h:%p", "é", "$(x)", ";");
        Arbitrary<String> plain = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(5);
        return Arbitraries.oneOf(specials, plain).list().ofMaxSize(8).map(l -> String.join("", l));
    }

    @Property(tries = 150)
    void splitsAsPythonsShlexSplits(@ForAll("lines") String line, @ForAll boolean comments) throws Exception {
        Assume.that(Files.isExecutable(Path.of("/usr/bin/python3")));
        Process p = new ProcessBuilder("/usr/bin/python3", "-c",
                "import json, shlex, sys\n"
                        + "try:\n    print(json.dumps(shlex.split(sys.argv[1], comments=sys.argv[2] == 'true')))\n"
                        + "except ValueError:\n    print('null')", line, Boolean.toString(comments)).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).isZero();
        List<String> python = JSON.readTree(out).isNull() ? null : new ArrayList<>();
        if (python != null) {
            JSON.readTree(out).forEach(n -> python.add(n.asText()));
        }
        List<String> vigil;
        try {
            vigil = ShellWords.split(line, comments);
        } catch (IllegalArgumentException e) {
            vigil = null;
        }
        assertThat(vigil).as("shlex.split(%s, comments=%s)", JSON.writeValueAsString(line), comments).isEqualTo(python);
    }

    @Property(tries = 500)
    void quotedWordsSplitBackIntoTheSameWords(@ForAll("lines") String a, @ForAll("lines") String b) {
        List<String> words = List.of(a, b);
        assertThat(ShellWords.split(ShellQuote.join(words), false)).isEqualTo(words);
    }

    @Provide
    Arbitrary<String> hostNames() {
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(8);
        return label.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l));
    }

    @Property(tries = 500)
    void hostPortSplitsBack(@ForAll("hostNames") String host, @ForAll @IntRange(min = 1, max = 65535) int port) {
        assertThat(HostAddress.parse(host + ":" + port)).isEqualTo(new HostAddress(host, port));
        assertThat(HostAddress.parse(host)).isEqualTo(new HostAddress(host, null));
    }
}
