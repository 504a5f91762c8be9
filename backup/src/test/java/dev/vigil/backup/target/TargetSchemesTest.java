package dev.vigil.backup.target;

import dev.vigil.core.error.UsageException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetSchemesTest {
    @Test
    void targetsComeFromTheirSchemesEntry_andAnUnknownSchemeIsAUsageError() {
        assertThat(Targets.SCHEMES.keySet()).containsExactlyInAnyOrder("file", "ftps", "ftpes", "ftp", "smb");
        assertThat(Targets.fromUrl("file:///srv/backups", "x", null, Map.of(), Targets.Overrides.NONE)).isInstanceOf(LocalTarget.class);
        // a network target is retried by the decorator, around the target of its scheme
        assertThat(Targets.fromUrl("ftpes://u@127.0.0.1/dir", "x", null, Map.of(), Targets.Overrides.NONE))
                .isInstanceOfSatisfying(RetryingTarget.class, r -> assertThat(r.inner()).isInstanceOf(FtpsTarget.class));
        assertThatThrownBy(() -> Targets.fromUrl("gopher://u@127.0.0.1/dir", "x", null, Map.of(), Targets.Overrides.NONE))
                .isInstanceOf(UsageException.class).hasMessageContaining("unsupported target scheme 'gopher'");
    }

    @Test
    void plainFtp_onlyForATargetThatAllowsIt_andThenWarnedAbout() {
        assertThatThrownBy(() -> Targets.fromUrl("ftp://u@127.0.0.1/dir", "x", null, Map.of(), Targets.Overrides.NONE))
                .isInstanceOf(UsageException.class).hasMessageContaining("plain ftp:// sends the password and the backups unencrypted and is refused")
                .hasMessageContaining("allow_plain_ftp: true");
        dev.vigil.backup.BackupConfig.TargetConfig refused = new dev.vigil.backup.BackupConfig.TargetConfig("ftp://u@127.0.0.1/dir",
                null, null, null, null, null, null);
        assertThatThrownBy(() -> Targets.fromUrl(refused.url(), "legacy", refused, Map.of(), Targets.Overrides.NONE))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("legacy: plain ftp://");
        dev.vigil.backup.BackupConfig.TargetConfig allowed = new dev.vigil.backup.BackupConfig.TargetConfig("ftp://u@127.0.0.1/dir",
                null, null, null, null, null, null, null, null, true);
        Target t = Targets.fromUrl(allowed.url(), "legacy", allowed, Map.of(), Targets.Overrides.NONE);
        assertThat(t.warnings()).singleElement().asString().startsWith("legacy: plain FTP (allow_plain_ftp)").contains("unencrypted");
        assertThat(Targets.fromUrl("ftpes://u@127.0.0.1/dir", "x", null, Map.of(), Targets.Overrides.NONE).warnings()).isEmpty();
    }

    @Test
    void tlsVersions_perTarget_fromMinToMax() {
        assertThat(Targets.protocols("1.2", "1.3")).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(Targets.protocols("1.3", "1.3")).containsExactly("TLSv1.3");
        assertThat(Targets.protocols("1.2", "1.2")).containsExactly("TLSv1.2");
        assertThat(new dev.vigil.backup.BackupConfig.TargetConfig("ftpes://u@h/d", null, null, null, null, null, null, "TLSv1.3", null, null)
                .tlsMinVersion()).isEqualTo("1.3");
        assertThatThrownBy(() -> new dev.vigil.backup.BackupConfig.TargetConfig("ftpes://u@h/d", null, null, null, null, null, null, "1.1", null, null))
                .hasMessageContaining("tls_min_version '1.1' is not a TLS version Vigil offers (1.2 or 1.3)");
        assertThatThrownBy(() -> new dev.vigil.backup.BackupConfig.TargetConfig("ftpes://u@h/d", null, null, null, null, null, null, "1.3", "1.2", null))
                .hasMessageContaining("tls_min_version 1.3 is above tls_max_version 1.2");
    }
}
