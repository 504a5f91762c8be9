package dev.vigil.power;

import dev.vigil.core.config.ConfigSections;
import dev.vigil.core.config.Durations;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code power:} section of vigil.yaml.
 *
 * <pre>
 * power:
 *   ipmitool: /usr/bin/ipmitool
 *   ipmi_cipher_suite: 17        # always explicit; 3 for older BMCs (and OpenIPMI's simulator)
 *   ipmi_retries: 2
 *   ipmi_retransmit: 1s
 *   bmc_timeout: 20s             # outer deadline of one BMC call
 *   redfish_ca_file: /etc/vigil/bmc-ca.pem   # verify Redfish BMC certificates against this (else the system trust store)
 *   redfish_insecure_nodes: [old-bmc-01]     # these BMCs' certificates are not verified (explicit, per node)
 *   redfish_auth: basic          # or session (X-Auth-Token)
 *   confirm_timeout: 60s         # how long a power change is polled for before it is called failed (BMCs take 1-15 s)
 *   confirm_poll: 1s
 * </pre>
 */
public record PowerConfig(String ipmitool, Integer ipmiCipherSuite, Integer ipmiRetries, String ipmiRetransmit, String bmcTimeout,
                          String redfishCaFile, java.util.List<String> redfishInsecureNodes, String redfishAuth,
                          String confirmTimeout, String confirmPoll) {
    public PowerConfig {
        confirmTimeout = confirmTimeout == null ? "60s" : confirmTimeout;
        confirmPoll = confirmPoll == null ? "1s" : confirmPoll;
        Durations.parse(confirmTimeout);
        Durations.parse(confirmPoll);
        redfishInsecureNodes = redfishInsecureNodes == null ? java.util.List.of() : redfishInsecureNodes;
        redfishAuth = redfishAuth == null ? "basic" : redfishAuth;
        if (!redfishAuth.equals("basic") && !redfishAuth.equals("session")) {
            throw new IllegalArgumentException("redfish_auth must be basic or session");
        }
        ipmitool = ipmitool == null ? "ipmitool" : ipmitool;
        ipmiCipherSuite = ipmiCipherSuite == null ? 17 : ipmiCipherSuite;
        ipmiRetries = ipmiRetries == null ? 2 : ipmiRetries;
        ipmiRetransmit = ipmiRetransmit == null ? "1s" : ipmiRetransmit;
        bmcTimeout = bmcTimeout == null ? "20s" : bmcTimeout;
        if (ipmiCipherSuite < 0 || ipmiCipherSuite > 17) {
            throw new IllegalArgumentException("ipmi_cipher_suite must be 0-17");
        }
        if (ipmiRetries < 0 || ipmiRetries > 10) {
            throw new IllegalArgumentException("ipmi_retries must be 0-10");
        }
        Durations.parse(ipmiRetransmit);
        Durations.parse(bmcTimeout);
    }

    public Duration retransmit() {
        return Durations.parse(ipmiRetransmit);
    }

    public Duration timeout() {
        return Durations.parse(bmcTimeout);
    }


    /** How long a power change is polled for after the BMC accepted it. */
    public Duration confirmWait() {
        return Durations.parse(confirmTimeout);
    }

    public Duration confirmInterval() {
        return Durations.parse(confirmPoll);
    }

    public static PowerConfig defaults() {
        return new PowerConfig(null, null, null, null, null, null, null, null, null, null);
    }

    public static PowerConfig load(Path configPath) {
        return ConfigSections.read(configPath, "power", PowerConfig.class, PowerConfig::defaults);
    }
}
