package dev.vigil.power.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.bmc.EventLog;
import dev.vigil.core.bmc.SelEntry;
import dev.vigil.core.bmc.Sensor;
import dev.vigil.core.config.Yaml;
import dev.vigil.healthcheck.hardware.EventJudge;
import dev.vigil.healthcheck.hardware.SensorJudge;
import dev.vigil.power.IpmiEvents;
import dev.vigil.power.IpmiSensors;
import dev.vigil.power.RedfishHealth;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A BMC is someone else's firmware: whatever ipmitool prints of it or its Redfish service answers, reading
 * and judging it never throws (a bad answer is at worst fewer sensors, never a failed health check of the
 * other nodes) and never takes long.
 */
class BmcAnswerFuzzTest {
    @org.junit.jupiter.api.Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS)
    @FuzzTest(maxDuration = "10s")
    void anyIpmiAnswer(String text) {
        if (text == null) {
            return; // Jazzer's null; ipmitool's output is never null
        }
        List<Sensor> sensors = IpmiSensors.parse(text);
        for (Sensor s : sensors) {
            assertThat(s.name()).isNotBlank();
            assertThat(SensorJudge.judge(s, null)).isNotNull();
        }
        EventLog log = IpmiEvents.parse(text);
        for (SelEntry e : log.entries()) {
            assertThat(EventJudge.judge(e)).isNotNull();
        }
    }

    @org.junit.jupiter.api.Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS)
    @FuzzTest(maxDuration = "10s")
    void anyRedfishDocument(String text) {
        if (text == null) {
            return;
        }
        JsonNode doc;
        try {
            doc = Yaml.jsonMapper().readTree(text);
        } catch (IOException notJson) {
            return; // the driver refuses an answer that is not JSON before any parser sees it
        }
        if (doc == null) {
            return;
        }
        List<Sensor> all = new ArrayList<>(RedfishHealth.thermal(doc));
        all.addAll(RedfishHealth.power(doc));
        RedfishHealth.sensor(doc).ifPresent(all::add);
        RedfishHealth.component(doc, "power-supply").ifPresent(all::add);
        for (Sensor s : all) {
            assertThat(SensorJudge.judge(s, null)).isNotNull();
        }
        List<SelEntry> entries = RedfishHealth.entries(doc);
        entries.forEach(e -> assertThat(EventJudge.judge(e)).isNotNull());
        Integer used = RedfishHealth.log(doc, entries).percentUsed();
        assertThat(used == null || used >= 0 && used <= 100).isTrue();
    }
}
