package dev.vigil.kbox;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Summaries of real kernel crash text (see src/test/resources/crash/README.md). */
class CrashSummaryTest {
    static String fixture(String name) {
        try (InputStream in = CrashSummaryTest.class.getResourceAsStream("/crash/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void kdumpDmesg_nullPointerOops() {
        CrashSummary s = CrashSummary.of(fixture("vmcore-dmesg-null-deref.txt"));
        assertThat(s.kind()).isEqualTo("bug");
        assertThat(s.headline()).isEqualTo("BUG: kernel NULL pointer dereference, address: 0000000000000014");
        assertThat(s.function()).isEqualTo("smc_llc_add_link_cont+0x160/0x270 [smc]");
        assertThat(s.uptime()).isEqualTo("361.813390");
        assertThat(s.panic()).isNull();
        assertThat(s.trace()).containsExactly("smc_llc_srv_rkey_exchange+0xa7/0x190 [smc]", "smc_llc_srv_add_link+0x3ae/0x5a0 [smc]",
                "smc_llc_add_link_work+0xb8/0x140 [smc]", "process_one_work+0x1e5/0x3f0", "worker_thread+0x4d/0x2f0");
    }

    @Test
    void pstoreDmesg_generalProtectionFaultThenPanic_unreliableFramesSkipped() {
        CrashSummary s = CrashSummary.of(fixture("pstore-dmesg-gpf-panic.txt"));
        assertThat(s.kind()).isEqualTo("general-protection-fault");
        assertThat(s.headline()).startsWith("general protection fault, probably for non-canonical address 0xdffffc0000000002");
        assertThat(s.panic()).isEqualTo("Kernel panic - not syncing: Fatal exception");
        assertThat(s.function()).isEqualTo("__kobject_del+0x62/0x1c0");
        assertThat(s.trace()).containsExactly("kobject_del+0x32/0x50", "parent_remove_sysfs_files+0xd6/0x170 [mdev]",
                "mdev_unregister_parent+0xfb/0x190 [mdev]", "mdpy_dev_exit+0x17/0x63 [mdpy]",
                "__do_sys_delete_module.constprop.0+0x2fa/0x4b0");
        assertThat(s.oneLine()).endsWith("(panic)");
    }

    @Test
    void ordinaryLog_isNoCrash() {
        assertThat(CrashSummary.of("[    0.000000] Linux version 6.1.0\n[    1.2] systemd[1]: started\n")).isNull();
    }

    @Test
    void bareNetconsolePanicLine_isAPanic() {
        CrashSummary s = CrashSummary.of("[ 7.000000] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)\n");
        assertThat(s.kind()).isEqualTo("panic");
        assertThat(s.uptime()).isEqualTo("7.000000");
        assertThat(s.headline()).startsWith("Kernel panic - not syncing: VFS");
    }
}
