package dev.vigil.backup.target;

import dev.vigil.core.error.UsageException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetSchemesTest {
    @Test
    void targetsComeFromTheirSchemesEntry_andAnUnknownSchemeIsAUsageError() {
        assertThat(Targets.SCHEMES.keySet()).containsExactlyInAnyOrder("file", "ftps", "ftpes");
        assertThat(Targets.fromUrl("file:///srv/backups", "x", null, Map.of(), Targets.Overrides.NONE)).isInstanceOf(LocalTarget.class);
        // a network target is retried by the decorator, around the target of its scheme
        assertThat(Targets.fromUrl("ftpes://u@127.0.0.1/dir", "x", null, Map.of(), Targets.Overrides.NONE))
                .isInstanceOfSatisfying(RetryingTarget.class, r -> assertThat(r.inner()).isInstanceOf(FtpsTarget.class));
        assertThatThrownBy(() -> Targets.fromUrl("ftp://u@127.0.0.1/dir", "x", null, Map.of(), Targets.Overrides.NONE))
                .isInstanceOf(UsageException.class).hasMessageContaining("unsupported target scheme 'ftp'").hasMessageContaining("plain ftp is not offered");
    }
}
