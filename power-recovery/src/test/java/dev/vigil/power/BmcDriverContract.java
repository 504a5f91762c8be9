package dev.vigil.power;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link BmcDriver} must do, run against each driver's real or stand-in BMC: power changes
 * read back, power-on of a node that is on is harmless, a cycle ends on, the restore policy is read back
 * or refused with the BMC's answer, a wrong password is AUTH_FAILED at once (never retried) and a BMC
 * that does not answer is UNREACHABLE within the driver's deadline.
 */
abstract class BmcDriverContract {
    /** A driver for a BMC that answers, with the right user and password. */
    abstract BmcDriver driver() throws Exception;

    /** The same BMC with a wrong password. */
    abstract BmcDriver wrongPassword() throws Exception;

    /** A BMC address where nothing answers. */
    abstract BmcDriver unreachable() throws Exception;

    /** How long a change may take to read back (a BMC answers at once; the chassis may take a moment). */
    Duration settle() {
        return Duration.ofSeconds(10);
    }

    private void awaitState(BmcDriver d, PowerState want) throws Exception {
        long end = System.nanoTime() + settle().toNanos();
        PowerState now = d.status();
        while (now != want && System.nanoTime() < end) {
            Thread.sleep(100);
            now = d.status();
        }
        assertThat(now).as("read back within " + settle()).isEqualTo(want);
    }

    @Test
    void powerOffAndOnAreReadBack() throws Exception {
        BmcDriver d = driver();
        d.powerOff();
        awaitState(d, PowerState.OFF);
        d.powerOn();
        awaitState(d, PowerState.ON);
    }

    @Test
    void powerOnOfANodeThatIsOnIsHarmless() throws Exception {
        BmcDriver d = driver();
        d.powerOn();
        awaitState(d, PowerState.ON);
        d.powerOn();
        awaitState(d, PowerState.ON);
        assertThat(d.powerOnAndRead()).isIn(PowerState.ON, PowerState.OFF);
        awaitState(d, PowerState.ON);
    }

    @Test
    void aCycleEndsOnFromEitherState() throws Exception {
        BmcDriver d = driver();
        d.powerOn();
        awaitState(d, PowerState.ON);
        d.cycle();
        awaitState(d, PowerState.ON);
        d.powerOff();
        awaitState(d, PowerState.OFF);
        d.cycle();
        awaitState(d, PowerState.ON);
    }

    @Test
    void theRestorePolicyIsReadBackOrRefusedWithTheBmcsAnswer() throws Exception {
        BmcDriver d = driver();
        assertThat(d.restorePolicy()).isIn("always-on", "always-off", "previous", "unknown");
        try {
            d.setRestorePolicy("always-on");
            assertThat(d.restorePolicy()).isEqualTo("always-on");
        } catch (BmcException refused) {
            assertThat(refused.kind()).isEqualTo(BmcException.Kind.FAILED);
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    @Test
    void aWrongPasswordIsAuthFailedAtOnceAndNeverRetried() throws Exception {
        BmcDriver d = wrongPassword();
        long start = System.nanoTime();
        for (Runnable call : List.<Runnable>of(() -> expectAuth(d::status), () -> expectAuth(d::powerOn))) {
            call.run();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    private static void expectAuth(BmcCall call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(BmcException.class,
                e -> assertThat(e.kind()).isEqualTo(BmcException.Kind.AUTH_FAILED));
    }

    @Test
    void aBmcThatDoesNotAnswerIsUnreachableWithinTheDeadline() throws Exception {
        BmcDriver d = unreachable();
        long start = System.nanoTime();
        assertThatThrownBy(d::status).isInstanceOfSatisfying(BmcException.class,
                e -> assertThat(e.kind()).isEqualTo(BmcException.Kind.UNREACHABLE));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    /** Out of band: every driver is also the health check's reader of sensors and the event log. */
    @Test
    void sensorsAreReadWithTheBmcsOwnThresholds() throws Exception {
        List<dev.vigil.core.bmc.Sensor> sensors = ((dev.vigil.core.bmc.BmcReader) driver()).sensors();
        assertThat(sensors).anyMatch(s -> s.kind().equals("temperature") && s.reading() != null && s.upperCritical() != null);
        assertThat(sensors).anyMatch(s -> s.kind().startsWith("power-supply"));
        assertThat(sensors).allMatch(s -> s.name() != null && !s.name().isBlank());
    }

    @Test
    void theEventLogIsReadAndClearedOnlyWhenAsked() throws Exception {
        dev.vigil.core.bmc.BmcReader r = (dev.vigil.core.bmc.BmcReader) driver();
        dev.vigil.core.bmc.EventLog before = r.events();
        assertThat(before.entries()).isNotEmpty();
        assertThat(r.events().entries()).isEqualTo(before.entries());
        r.clearEvents();
        List<String> old = before.entries().stream().map(dev.vigil.core.bmc.SelEntry::key).toList();
        assertThat(r.events().entries()).noneMatch(e -> old.contains(e.key()));
    }

    @Test
    void readingsOfAWrongPasswordOrABmcThatDoesNotAnswerAreRefusedWithWhy() throws Exception {
        assertThatThrownBy(() -> ((dev.vigil.core.bmc.BmcReader) wrongPassword()).sensors()).isInstanceOfSatisfying(
                dev.vigil.core.bmc.BmcReadException.class, e -> assertThat(e.unreachable()).isFalse());
        long start = System.nanoTime();
        assertThatThrownBy(() -> ((dev.vigil.core.bmc.BmcReader) unreachable()).events()).isInstanceOfSatisfying(
                dev.vigil.core.bmc.BmcReadException.class, e -> assertThat(e.unreachable()).isTrue());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @FunctionalInterface
    interface BmcCall {
        void run() throws Exception;
    }
}
