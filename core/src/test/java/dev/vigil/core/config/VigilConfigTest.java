package dev.vigil.core.config;

import dev.vigil.core.error.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VigilConfigTest {
    @TempDir
    Path dir;

    private VigilConfig load(String yaml) throws Exception {
        Path f = dir.resolve("vigil.yaml");
        Files.writeString(f, yaml);
        return VigilConfig.load(f);
    }

    @Test
    void readsAFullConfig() throws Exception {
        VigilConfig c = load("inventory: /etc/vigil/hosts.ini\nparallel: 50\ncommand_timeout: 2m\n"
                + "ssh:\n  user: root\n  connect_timeout: 5s\n  password_env: SSH_PW\n  identity: ~/.ssh/id_ed25519\n");
        assertThat(c.parallel()).isEqualTo(50);
        assertThat(c.ssh().identity()).containsExactly("~/.ssh/id_ed25519");
        assertThat(c.ssh().password()).hasToString("env:SSH_PW");
    }

    @Test
    void unknownKey_namesLineAndColumnAndTheKnownKeys() {
        assertThatThrownBy(() -> load("parallel: 5\nssh:\n  usr: root\n"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith(dir.resolve("vigil.yaml") + ":3:3: unknown key 'usr' (at ssh.usr); expected one of:")
                .hasMessageContaining("user");
    }

    @Test
    void aPasswordWrittenInline_isRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> load("ssh:\n  password: hunter2\n"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown key 'password'")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void badValues_areRefusedWithTheirPlace() {
        assertThatThrownBy(() -> load("command_timeout: soon\n")).hasMessageContaining(":1:").hasMessageContaining("command_timeout");
        assertThatThrownBy(() -> load("parallel: 0\n")).hasMessageContaining("parallel must be between 1 and 10000");
        assertThatThrownBy(() -> load("ssh:\n  port: 70000\n")).hasMessageContaining("ssh.port 70000 is out of range");
        assertThatThrownBy(() -> load("parallel: [1]\n")).hasMessageContaining(":1:");
    }

    @Test
    void secretsResolveFromEnvOrFile_andNeverShowInToString() throws Exception {
        Path f = dir.resolve("pw");
        Files.writeString(f, "s3cret\n");
        assertThat(new String(SecretRef.file(f.toString()).resolve(Map.of()))).isEqualTo("s3cret");
        assertThat(new String(SecretRef.env("PW").resolve(Map.of("PW", "x")))).isEqualTo("x");
        assertThat(SecretRef.env("PW").toString()).isEqualTo("env:PW");
        assertThatThrownBy(() -> SecretRef.file(dir.resolve("nope").toString()).resolve(Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("does not exist");
    }
}
