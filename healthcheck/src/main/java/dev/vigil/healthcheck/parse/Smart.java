package dev.vigil.healthcheck.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.config.Yaml;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code smartctl --json} (smartmontools 7 and later), read as pure functions: the devices of
 * {@code --scan-open}, and one device's report of {@code -x}: the overall verdict, the exit status bits,
 * the ATA attributes that predict failure (raw values), NVMe's health log, SCSI grown defects and
 * uncorrected errors.
 */
public final class Smart {
    private Smart() {
    }

    /** A device as --scan-open lists it: the name and the -d type to pass back. */
    public record Device(String name, String type) {
    }

    /** The ATA attributes that predict a failing disk, by id, with the names smartctl gives them. */
    public static final Map<Integer, String> WATCHED = watched();

    /** The attributes whose growth alone is a warning (a disk remapping or failing to read sectors). */
    public static final List<Integer> GROWTH_WARNS = List.of(5, 196, 197, 198);

    private static Map<Integer, String> watched() {
        Map<Integer, String> m = new LinkedHashMap<>();
        m.put(1, "read_error_rate");
        m.put(4, "start_stop_count");
        m.put(5, "reallocated_sectors");
        m.put(10, "spin_retry_count");
        m.put(11, "calibration_retry_count");
        m.put(196, "reallocated_events");
        m.put(197, "pending_sectors");
        m.put(198, "offline_uncorrectable");
        m.put(199, "udma_crc_errors");
        m.put(200, "multi_zone_error_rate");
        return m;
    }

    /** One ATA attribute: raw value, and whether it is at or below its vendor threshold now (when_failed "now"). */
    public record Attribute(int id, String name, long raw, boolean failingNow, boolean failedPast) {
    }

    /**
     * One disk's report. {@code protocol}: ATA, NVMe or SCSI. Null fields were not in the report.
     *
     * @param exitStatus smartctl's exit bits (1 command line, 2 open failed, 4 a command failed, 8 DISK FAILING...)
     */
    public record Report(String device, String model, String protocol, Boolean passed, int exitStatus, List<Attribute> attributes,
                         Integer nvmeCriticalWarning, Long nvmeMediaErrors, Integer nvmePercentUsed, Integer nvmeAvailableSpare,
                         Integer nvmeSpareThreshold, Long scsiGrownDefects, Long scsiUncorrected, Integer temperature, String error) {
        public Attribute attribute(int id) {
            return attributes.stream().filter(a -> a.id() == id).findFirst().orElse(null);
        }
    }

    public static List<Device> scan(String json) {
        JsonNode root = tree(json);
        List<Device> out = new ArrayList<>();
        for (JsonNode d : root.path("devices")) {
            out.add(new Device(d.path("name").asText(), d.path("type").asText("auto")));
        }
        return out;
    }

    public static Report report(String json) {
        JsonNode r = tree(json);
        JsonNode dev = r.path("device");
        String protocol = dev.path("protocol").asText("");
        List<Attribute> attrs = new ArrayList<>();
        for (JsonNode a : r.path("ata_smart_attributes").path("table")) {
            int id = a.path("id").asInt();
            if (WATCHED.containsKey(id)) {
                String wf = a.path("when_failed").asText("");
                // the low 16 bits are the count on disks that pack other fields into the raw value (Seagate's 1, 7, 195)
                long raw = a.path("raw").path("value").asLong();
                attrs.add(new Attribute(id, a.path("name").asText(WATCHED.get(id)), raw, wf.equals("now"), wf.equals("past")));
            }
        }
        JsonNode nvme = r.path("nvme_smart_health_information_log");
        String error = null;
        for (JsonNode m : r.path("smartctl").path("messages")) {
            if (m.path("severity").asText().equals("error")) {
                error = m.path("string").asText();
                break;
            }
        }
        JsonNode st = r.path("smart_status");
        JsonNode scsiErr = r.path("scsi_error_counter_log");
        Long uncorrected = null;
        for (String k : List.of("read", "write", "verify")) {
            JsonNode u = scsiErr.path(k).path("total_uncorrected_errors");
            if (u.isNumber()) {
                uncorrected = (uncorrected == null ? 0 : uncorrected) + u.asLong();
            }
        }
        return new Report(dev.path("name").asText(""), r.path("model_name").asText(r.path("scsi_model_name").asText(r.path("model_family").asText(""))),
                protocol, st.has("passed") ? st.path("passed").asBoolean() : null, r.path("smartctl").path("exit_status").asInt(0), attrs,
                intOrNull(nvme.path("critical_warning")), longOrNull(nvme.path("media_errors")), intOrNull(nvme.path("percentage_used")),
                intOrNull(nvme.path("available_spare")), intOrNull(nvme.path("available_spare_threshold")),
                longOrNull(r.path("scsi_grown_defect_list")), uncorrected, intOrNull(r.path("temperature").path("current")), error);
    }

    private static Integer intOrNull(JsonNode n) {
        return n.isNumber() ? n.asInt() : null;
    }

    private static Long longOrNull(JsonNode n) {
        return n.isNumber() ? n.asLong() : null;
    }

    private static JsonNode tree(String json) {
        try {
            JsonNode n = Yaml.jsonMapper().readTree(json);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("not a smartctl --json document");
            }
            return n;
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
