package dev.vigil.core.transport;

import dev.vigil.core.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** known_hosts as OpenSSH writes it; the hashed fixture was produced by ssh-keygen -H. */
class KnownHostsTest {
    private static byte[] blob(String pubFile) {
        return Base64.getDecoder().decode(Fixtures.text(pubFile).split(" ")[1].trim());
    }

    @Test
    void hashedEntries_matchTheirHostAndPort() {
        KnownHosts kh = KnownHosts.parse(Fixtures.text("known_hosts.hashed"), "known_hosts");
        assertThat(kh.check("10.0.0.11", blob("hostkey-10.0.0.11.pub"))).isEqualTo(KnownHosts.Verdict.OK);
        assertThat(kh.check("[10.0.0.12]:2222", blob("hostkey-10.0.0.12.pub"))).isEqualTo(KnownHosts.Verdict.OK);
        assertThat(kh.check("10.0.0.12", blob("hostkey-10.0.0.12.pub"))).as("port 22 is another host entry")
                .isEqualTo(KnownHosts.Verdict.UNKNOWN);
        assertThat(kh.check("10.0.0.99", blob("hostkey-10.0.0.11.pub"))).isEqualTo(KnownHosts.Verdict.UNKNOWN);
    }

    @Test
    void anotherKeyOfTheSameType_isAChange_anotherTypeIsUnknown() {
        KnownHosts kh = KnownHosts.parse(Fixtures.text("known_hosts.hashed"), "known_hosts");
        // host .11 knows an ed25519 key; the ecdsa key of .12 presented by .11 is of a type it has no key for
        assertThat(kh.check("10.0.0.11", blob("hostkey-10.0.0.12.pub"))).isEqualTo(KnownHosts.Verdict.UNKNOWN);
        KnownHosts plain = KnownHosts.parse("10.0.0.11 " + Fixtures.text("hostkey-10.0.0.12.pub").trim() + "\n", "f");
        assertThat(plain.check("10.0.0.11", blob("hostkey-10.0.0.12.pub"))).isEqualTo(KnownHosts.Verdict.OK);
        KnownHosts changed = KnownHosts.parse("10.0.0.12 ssh-ed25519 " + Base64.getEncoder().encodeToString(blob("hostkey-10.0.0.11.pub")) + "\n", "f");
        byte[] otherEd = blob("hostkey-10.0.0.11.pub").clone();
        otherEd[otherEd.length - 1] ^= 1;
        assertThat(changed.check("10.0.0.12", otherEd)).isEqualTo(KnownHosts.Verdict.CHANGED);
    }

    @Test
    void patternsNegationAndRevocation() {
        String ed = Fixtures.text("hostkey-10.0.0.11.pub").trim();
        KnownHosts kh = KnownHosts.parse("10.0.0.*,!10.0.0.66 " + ed + "\n@revoked 10.0.0.77 " + ed + "\n"
                + "@cert-authority *.example " + ed + "\n# comment\n\ngarbage\n", "f");
        byte[] key = blob("hostkey-10.0.0.11.pub");
        assertThat(kh.check("10.0.0.5", key)).isEqualTo(KnownHosts.Verdict.OK);
        assertThat(kh.check("10.0.0.66", key)).isEqualTo(KnownHosts.Verdict.UNKNOWN);
        assertThat(kh.check("10.0.0.77", key)).isEqualTo(KnownHosts.Verdict.REVOKED);
        assertThat(kh.check("a.example", key)).as("CA lines are not host keys").isEqualTo(KnownHosts.Verdict.UNKNOWN);
    }

    @Test
    void fingerprint_matchesSshKeygen() {
        // what `ssh-keygen -lf hostkey-10.0.0.11.pub` printed when the fixture was made
        String fp = KnownHosts.fingerprint(blob("hostkey-10.0.0.11.pub"));
        assertThat(fp).isEqualTo("SHA256:J+ItpiP0EhR+0eiFnFyMmdcRw3HhkYhkUrcSuFlqWk8");
        assertThat(KnownHosts.describe(blob("hostkey-10.0.0.11.pub"))).isEqualTo("ED25519 " + fp);
        assertThat(KnownHosts.keyType(blob("hostkey-10.0.0.12.pub"))).isEqualTo("ecdsa-sha2-nistp256");
    }
}
