package dev.vigil.core.transport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SshConfigFileTest {
    private static final String CONFIG = String.join("\n",
            "# operator's ~/.ssh/config",
            "Host cna-*",
            "    User ops",
            "    IdentityFile ~/.ssh/cna_key",
            "    ProxyJump jump@bastion:2222",
            "",
            "Host 10.0.0.* !10.0.0.1",
            "  Port=2200",
            "",
            "Match host foo",
            "  User never",
            "",
            "Host vrm-01",
            "  HostName 10.0.0.11",
            "  User first",
            "",
            "Host *",
            "  User fallback",
            "  Port 22",
            "  IdentityFile ~/.ssh/id_%h",
            "  ProxyJump none");

    private final SshConfigFile file = SshConfigFile.parse(CONFIG);

    @Test
    void firstValueWins_identityFilesAccumulate() {
        SshConfigFile.HostConfig c = file.resolve("cna-07");
        assertThat(c.user()).isEqualTo("ops");
        assertThat(c.port()).isEqualTo(22);
        assertThat(c.identityFiles()).as("as written; %h is expanded when the key is opened, to the HostName")
                .containsExactly("~/.ssh/cna_key", "~/.ssh/id_%h");
        assertThat(c.proxyJump()).isEqualTo("jump@bastion:2222");
        assertThat(c.hostName()).isNull();
    }

    @Test
    void negatedPatternsAndHostName() {
        assertThat(file.resolve("10.0.0.5").port()).isEqualTo(2200);
        assertThat(file.resolve("10.0.0.1").port()).isEqualTo(22);
        SshConfigFile.HostConfig vrm = file.resolve("vrm-01");
        assertThat(vrm.hostName()).isEqualTo("10.0.0.11");
        assertThat(vrm.user()).isEqualTo("first");
        assertThat(vrm.proxyJump()).as("ProxyJump none means none").isNull();
    }

    @Test
    void matchHost_appliesLikeAHostBlock() {
        assertThat(file.resolve("foo").user()).isEqualTo("never");
        assertThat(file.resolve("bar").user()).isEqualTo("fallback");
    }
}
