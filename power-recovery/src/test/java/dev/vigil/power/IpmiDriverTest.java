package dev.vigil.power;

import dev.vigil.core.config.SecretRef;
import dev.vigil.core.inventory.Bmc;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The IPMI driver's command line and its reading of ipmitool -v output (captured from ipmitool 1.8.19 against ipmi_sim). */
class IpmiDriverTest {
    private final IpmiDriver d = new IpmiDriver(new Bmc(Bmc.Type.IPMI, "127.0.2.1", null, "admin", SecretRef.env("BMC_PW")),
            "s3cret".toCharArray(), new PowerConfig(null, 3, 1, "1s", "5s", null, null, null, null, null));

    @Test
    void commandLine_hasExplicitCipherRetriesAndNoPassword() {
        List<String> cmd = d.command("power", "status");
        assertThat(cmd).containsSubsequence("-I", "lanplus").containsSubsequence("-C", "3").containsSubsequence("-R", "1")
                .containsSubsequence("-N", "1").contains("-E").containsSubsequence("-H", "127.0.2.1").containsSubsequence("-p", "623")
                .endsWith("power", "status");
        assertThat(String.join(" ", cmd)).doesNotContain("s3cret");
    }

    @Test
    void wrongPassword_andNoAnswer_areToldApart() {
        assertThat(d.classify("Loading IANA PEN Registry...\n> RAKP 2 HMAC is invalid\nError: Unable to establish IPMI v2 / RMCP+ session\n")
                .kind()).isEqualTo(BmcException.Kind.AUTH_FAILED);
        assertThat(d.classify("Loading IANA PEN Registry...\nGet Auth Capabilities error\nError issuing Get Channel Authentication "
                + "Capabilities request\nError: Unable to establish IPMI v2 / RMCP+ session\n").kind()).isEqualTo(BmcException.Kind.UNREACHABLE);
        BmcException auth = d.classify("> RAKP 2 HMAC is invalid\n");
        assertThat(auth.getMessage()).contains("password from env:BMC_PW").doesNotContain("s3cret");
        assertThat(d.classify("Chassis Power Control: Invalid command\n").kind()).isEqualTo(BmcException.Kind.FAILED);
    }

    @Test
    void aBmcWithoutTheCipherSuite_isNotAWrongPassword_andTheSettingIsNamed() {
        // ipmitool 1.8.19 -v -C 17 against ipmi_sim (which offers suites up to 3), captured
        String out = "Loading IANA PEN Registry...\nError in open session response message : invalid authentication algorithm\n\n"
                + "Error: Unable to establish IPMI v2 / RMCP+ session\n";
        BmcException e = d.classify(out);
        assertThat(e.kind()).isEqualTo(BmcException.Kind.FAILED);
        assertThat(e.getMessage()).contains("cipher suite 3").contains("power.ipmi_cipher_suite").contains("invalid authentication algorithm")
                .doesNotContain("password");
    }

    @Test
    void powerOnAndRead_readsTheStateFromExecOutput() throws BmcException {
        // ipmitool -v ... exec /dev/stdin with "power on\npower status", one session
        String on = "Loading IANA PEN Registry...\nRunning Get VSO Capabilities my_addr 0x20, transit 0, target 0x20\n"
                + "Invalid completion code received: Invalid command\nDiscovered IPMB address 0x0\n"
                + "Chassis Power Control: Up/On\nChassis Power is on\n";
        assertThat(IpmiDriver.parseState(on)).isEqualTo(PowerState.ON);
        assertThat(IpmiDriver.parseState("Chassis Power Control: Up/On\nChassis Power is off\n")).as("accepted, not yet on")
                .isEqualTo(PowerState.OFF);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IpmiDriver.parseState("Chassis Power Control: Up/On\n"))
                .isInstanceOf(BmcException.class).hasMessageContaining("unexpected answer");
    }
}
