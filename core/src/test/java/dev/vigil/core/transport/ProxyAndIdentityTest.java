package dev.vigil.core.transport;

import dev.vigil.core.error.UsageException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ProxyCommand's %-tokens and IdentityFile's, as OpenSSH expands them. */
class ProxyAndIdentityTest {
    @Test
    void proxyCommand_expandsTokens_andQuotesAnythingThatIsNotAPlainWord() {
        assertThat(ProxyCommandProxy.expand("ssh -W %h:%p -l %r bastion %%n", "10.0.0.5", 2222, "ops", "cna-01"))
                .isEqualTo("ssh -W 10.0.0.5:2222 -l ops bastion %n");
        assertThat(ProxyCommandProxy.expand("nc %h %p # %n", "h", 22, "$(touch /tmp/x)", "a b"))
                .isEqualTo("nc h 22 # 'a b'");
        assertThat(ProxyCommandProxy.expand("ssh -l %r j", "h", 22, "$(touch /tmp/x)", "a"))
                .isEqualTo("ssh -l '$(touch /tmp/x)' j");
        assertThatThrownBy(() -> ProxyCommandProxy.expand("nc %C", "h", 22, "u", "a")).hasMessageContaining("%C is not supported");
    }

    @Test
    void identityFile_percentH_isTheHostName_notTheAlias() {
        String home = System.getProperty("user.home");
        assertThat(EndpointResolver.identityPath("~/.ssh/id_%h_%r_%p", "10.0.0.11", 2222, "ops", "vrm-01"))
                .isEqualTo(home + "/.ssh/id_10.0.0.11_ops_2222");
        assertThat(EndpointResolver.identityPath("%d/keys/%n", "10.0.0.11", 22, "ops", "vrm-01")).isEqualTo(home + "/keys/vrm-01");
        assertThatThrownBy(() -> EndpointResolver.identityPath("~/.ssh/%k", "h", 22, "u", "a")).isInstanceOf(UsageException.class);
    }
}
