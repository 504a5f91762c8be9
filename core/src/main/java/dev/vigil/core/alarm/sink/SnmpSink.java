package dev.vigil.core.alarm.sink;

import dev.vigil.core.alarm.Alarm;
import dev.vigil.core.alarm.AlarmStore;
import dev.vigil.core.alarm.AlarmsConfig;
import dev.vigil.core.alarm.Event;
import dev.vigil.core.config.SecretRef;
import org.snmp4j.CommunityTarget;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.PDU;
import org.snmp4j.ScopedPDU;
import org.snmp4j.Snmp;
import org.snmp4j.Target;
import org.snmp4j.UserTarget;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.security.AuthHMAC192SHA256;
import org.snmp4j.security.AuthSHA;
import org.snmp4j.security.PrivAES128;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.security.UsmUser;
import org.snmp4j.smi.GenericAddress;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.UnsignedInteger32;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * SNMP traps, v2c or v3 (authPriv: SHA-256 or SHA with AES-128), one trap per event, through SNMP4J
 * with its own dispatcher and USM (no global state). The trap OIDs and objects are VIGIL-ALARM-MIB
 * (shipped beside the distribution's documentation, under the example enterprise 32473 of RFC 5612):
 * vigilAlarmRaised, vigilAlarmUpdated, vigilAlarmCleared with source, node, item, severity, summary,
 * first seen and sequence number. Traps are not acknowledged, so a trap that the network drops is lost:
 * this sink is for consoles that only take SNMP; keep Alertmanager or syslog over TCP for the record.
 */
public final class SnmpSink extends EventSink {
    public static final OID ENTERPRISE = new OID("1.3.6.1.4.1.32473.1");
    static final OID RAISED = new OID(ENTERPRISE).append("0.1");
    static final OID UPDATED = new OID(ENTERPRISE).append("0.2");
    static final OID CLEARED = new OID(ENTERPRISE).append("0.3");
    static final OID OBJECTS = new OID(ENTERPRISE).append("1");

    private final Map<String, String> env;

    public SnmpSink(AlarmsConfig.Sink config, Map<String, String> env) {
        super(config);
        this.env = env;
    }

    @Override
    void send(List<AlarmStore.Queued> events) throws IOException {
        AlarmsConfig.Snmp c = config.snmp();
        URI u = URI.create(config.url());
        MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
        DefaultUdpTransportMapping transport = new DefaultUdpTransportMapping();
        Snmp snmp;
        Target<org.snmp4j.smi.Address> target;
        if (c.version().equals("2c")) {
            dispatcher.addMessageProcessingModel(new MPv2c());
            snmp = new Snmp(dispatcher, transport);
            CommunityTarget<org.snmp4j.smi.Address> t = new CommunityTarget<>();
            t.setCommunity(new OctetString(new String(SecretRef.ofEither(c.communityEnv(), c.communityFile(), "snmp community").resolve(env)).strip()));
            t.setVersion(SnmpConstants.version2c);
            target = t;
        } else {
            byte[] engine = HexFormat.of().parseHex(c.engineId().replaceFirst("^0x", ""));
            SecurityProtocols protocols = new SecurityProtocols(SecurityProtocols.SecurityProtocolSet.maxCompatibility);
            USM usm = new USM(protocols, new OctetString(engine), 0);
            OID auth = c.auth().equals("sha") ? AuthSHA.ID : AuthHMAC192SHA256.ID;
            usm.addUser(new OctetString(c.user()), new OctetString(engine), new UsmUser(new OctetString(c.user()), auth,
                    new OctetString(new String(SecretRef.ofEither(c.authPasswordEnv(), c.authPasswordFile(), "snmp auth password").resolve(env))),
                    PrivAES128.ID, new OctetString(new String(SecretRef.ofEither(c.privPasswordEnv(), c.privPasswordFile(), "snmp priv password").resolve(env)))));
            dispatcher.addMessageProcessingModel(new MPv3(usm));
            snmp = new Snmp(dispatcher, transport);
            UserTarget<org.snmp4j.smi.Address> t = new UserTarget<>();
            t.setSecurityName(new OctetString(c.user()));
            t.setSecurityLevel(SecurityLevel.AUTH_PRIV);
            t.setAuthoritativeEngineID(engine);
            t.setVersion(SnmpConstants.version3);
            target = t;
        }
        target.setAddress(GenericAddress.parse("udp:" + u.getHost() + "/" + u.getPort()));
        target.setTimeout(config.timeoutOrDefault().toMillis());
        target.setRetries(0);
        try {
            transport.listen();
            for (AlarmStore.Queued q : events) {
                PDU pdu = c.version().equals("2c") ? new PDU() : new ScopedPDU();
                pdu.setType(PDU.TRAP);
                varbinds(q).forEach(pdu::add);
                // a trap has no answer: send fails only when it cannot leave this host
                snmp.send(pdu, target);
            }
        } finally {
            snmp.close();
        }
    }

    /** sysUpTime, snmpTrapOID, then the alarm's objects (vigilAlarmSource.0 ... vigilAlarmSeq.0). */
    static List<VariableBinding> varbinds(AlarmStore.Queued q) {
        Event e = q.event();
        Alarm a = e.alarm();
        OID trap = switch (e.kind()) {
            case RAISED -> RAISED;
            case UPDATED -> UPDATED;
            case CLEARED -> CLEARED;
        };
        return List.of(
                new VariableBinding(SnmpConstants.sysUpTime, new TimeTicks(ManagementFactory.getRuntimeMXBean().getUptime() / 10)),
                new VariableBinding(SnmpConstants.snmpTrapOID, trap),
                new VariableBinding(object(1), text(a.source())),
                new VariableBinding(object(2), text(a.node())),
                new VariableBinding(object(3), text(a.item())),
                new VariableBinding(object(4), new Integer32("critical".equals(a.severity()) ? 2 : 1)),
                new VariableBinding(object(5), text(a.summary() == null ? "" : a.summary())),
                new VariableBinding(object(6), text(a.firstSeen())),
                new VariableBinding(object(7), new UnsignedInteger32(q.seq() & 0xffffffffL)));
    }

    private static OID object(int n) {
        return new OID(OBJECTS).append(n).append(0);
    }

    /** DisplayString is at most 255 octets of UTF-8. */
    private static OctetString text(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return new OctetString(b.length <= 255 ? b : java.util.Arrays.copyOf(b, 255));
    }
}
