package dev.vigil.core.alarm.sink;

import dev.vigil.core.alarm.AlarmSink;
import dev.vigil.core.alarm.AlarmsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.snmp4j.CommandResponder;
import org.snmp4j.CommandResponderEvent;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.Snmp;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The SNMP sink (v2c) under the shared contract, against an SNMP4J trap receiver on loopback. (v3 authPriv
 * is checked against Net-SNMP's snmptrapd in e2e/AlarmsE2ETest.) A "down" receiver is a closed UDP port:
 * a trap has no answer, so the contract's down case is the one thing a trap sink cannot tell, and is
 * overridden here to say so.
 */
class SnmpSinkContractTest extends AlarmSinkContract {
    Snmp receiver;
    int port;
    final List<String> traps = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        DefaultUdpTransportMapping t = new DefaultUdpTransportMapping(new UdpAddress("127.0.0.1/0"));
        MessageDispatcherImpl d = new MessageDispatcherImpl();
        d.addMessageProcessingModel(new MPv2c());
        receiver = new Snmp(d, t);
        receiver.addCommandResponder(new CommandResponder() {
            @Override
            public <A extends org.snmp4j.smi.Address> void processPdu(CommandResponderEvent<A> e) {
                if (!"contract-community".equals(new String(e.getSecurityName()))) {
                    return;
                }
                StringBuilder b = new StringBuilder();
                for (VariableBinding vb : e.getPDU().getVariableBindings()) {
                    String oid = vb.getOid().toString();
                    String v = vb.getVariable().toString();
                    if (oid.equals("1.3.6.1.4.1.32473.1.1.4.0")) {
                        v = v.equals("2") ? "critical" : "warning";
                    }
                    b.append(oid).append('=').append(v).append(' ');
                }
                traps.add(b.toString());
            }
        });
        t.listen();
        port = t.getListenAddress().getPort();
    }

    @AfterEach
    void stop() throws Exception {
        receiver.close();
    }

    @Override
    AlarmSink sink() {
        return new SnmpSink(new AlarmsConfig.Sink(null, "snmp", "udp://127.0.0.1:" + port, null, null, null, null, null, null, null, null, null,
                null, "3s", new AlarmsConfig.Snmp("2c", "CONTRACT_COMMUNITY", null, null, null, null, null, null, null, null, null), null),
                Map.of("CONTRACT_COMMUNITY", "contract-community"));
    }

    @Override
    List<String> received() {
        return new ArrayList<>(traps);
    }

    @Override
    void stopReceiver() throws Exception {
        receiver.close();
    }

    /** A trap is not acknowledged: to a closed port it is sent and lost without an error (the sink's documentation says so). */
    @org.junit.jupiter.api.Test
    @Override
    void aReceiverThatIsDownIsAnErrorNotASilentSuccess() throws Exception {
        stopReceiver();
        sink().deliver(events("cna-09"), List.of());
        org.assertj.core.api.Assertions.assertThat(traps).isEmpty();
    }
}
