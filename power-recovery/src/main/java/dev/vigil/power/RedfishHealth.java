package dev.vigil.power;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.bmc.EventLog;
import dev.vigil.core.bmc.Sensor;
import dev.vigil.core.bmc.SelEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Redfish health documents, read as pure functions: the Thermal and Power resources (deprecated, and what
 * most BMCs in the field serve), the newer Sensor, PowerSupply and Fan resources of Sensors,
 * PowerSubsystem and ThermalSubsystem, and LogEntry collections. A resource whose Status.State is not
 * Enabled (Absent, Disabled, StandbyOffline) is not a sensor to judge and is left out.
 */
public final class RedfishHealth {
    private RedfishHealth() {
    }

    /** Chassis/{id}/Thermal: Temperatures, Fans and their Redundancy groups. */
    public static List<Sensor> thermal(JsonNode doc) {
        List<Sensor> out = new ArrayList<>();
        for (JsonNode t : doc.path("Temperatures")) {
            reading(t, "temperature", num(t, "ReadingCelsius"), "degrees C").ifPresent(out::add);
        }
        for (JsonNode f : doc.path("Fans")) {
            Double r = num(f, "Reading") != null ? num(f, "Reading") : num(f, "ReadingRPM");
            String unit = f.path("ReadingUnits").asText("RPM");
            reading(f, "fan", r, unit).ifPresent(out::add);
        }
        redundancy(doc.path("Redundancy"), "fan", out);
        return out;
    }

    /** Chassis/{id}/Power: Voltages, PowerSupplies and their Redundancy groups. */
    public static List<Sensor> power(JsonNode doc) {
        List<Sensor> out = new ArrayList<>();
        for (JsonNode v : doc.path("Voltages")) {
            reading(v, "voltage", num(v, "ReadingVolts"), "Volts").ifPresent(out::add);
        }
        for (JsonNode p : doc.path("PowerSupplies")) {
            status(p, "power-supply").ifPresent(out::add);
        }
        redundancy(doc.path("Redundancy"), "power-supply", out);
        return out;
    }

    /** One Sensor resource (Chassis/{id}/Sensors/{sid}): Reading, ReadingUnits, Thresholds. */
    public static java.util.Optional<Sensor> sensor(JsonNode s) {
        if (!enabled(s)) {
            return java.util.Optional.empty();
        }
        String type = s.path("ReadingType").asText("");
        String kind = switch (type) {
            case "Temperature" -> "temperature";
            case "Rotational", "Percent" -> type.equals("Percent") && !s.path("Id").asText().toLowerCase(Locale.ROOT).contains("fan") ? "percent" : "fan";
            case "Voltage" -> "voltage";
            case "Current" -> "current";
            case "Power", "EnergykWh", "EnergyJoules", "EnergyWh" -> "power";
            default -> type.isEmpty() ? kindFromUnit(s.path("ReadingUnits").asText("")) : type.toLowerCase(Locale.ROOT);
        };
        JsonNode th = s.path("Thresholds");
        Double reading = num(s, "Reading");
        String unit = s.path("ReadingUnits").asText(null);
        if ("Cel".equals(unit)) {
            unit = "degrees C";
            kind = "temperature";
        }
        return java.util.Optional.of(new Sensor(name(s), kind, reading, unit, health(s),
                num(th.path("LowerFatal"), "Reading"), num(th.path("LowerCritical"), "Reading"), num(th.path("LowerCaution"), "Reading"),
                num(th.path("UpperCaution"), "Reading"), num(th.path("UpperCritical"), "Reading"), num(th.path("UpperFatal"), "Reading"),
                conditions(s)));
    }

    /** A PowerSupply or Fan resource of the newer subsystems: its health and conditions. */
    public static java.util.Optional<Sensor> component(JsonNode doc, String kind) {
        return status(doc, kind);
    }

    /** A LogEntryCollection page: its Members (the entries inline, as BMCs serve them). */
    public static List<SelEntry> entries(JsonNode page) {
        List<SelEntry> out = new ArrayList<>();
        for (JsonNode e : page.path("Members")) {
            String sensor = e.path("SensorType").asText("");
            String origin = e.path("Links").path("OriginOfCondition").path("@odata.id").asText("");
            String what = e.path("Message").asText(e.path("Name").asText(""));
            String code = e.path("EntryCode").asText("");
            out.add(new SelEntry(e.path("Id").asText(""), e.path("Created").asText(""),
                    (sensor.isEmpty() ? origin : sensor + (e.has("SensorNumber") ? " #" + e.path("SensorNumber").asText() : "")).strip(),
                    code.isEmpty() ? what : what + " (" + code + ")", !code.toLowerCase(Locale.ROOT).contains("deassert"),
                    e.path("Severity").asText(null)));
        }
        return out;
    }

    /** The log's fullness from its LogService (MaxNumberOfRecords) and the entries read. */
    public static EventLog log(JsonNode service, List<SelEntry> entries) {
        int max = service.path("MaxNumberOfRecords").asInt(0);
        return new EventLog(entries, max > 0 ? (int) Math.min(100, Math.round(100.0 * entries.size() / max)) : null);
    }

    private static java.util.Optional<Sensor> reading(JsonNode n, String kind, Double reading, String unit) {
        if (!enabled(n)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Sensor(name(n), kind, reading, unit, health(n),
                num(n, "LowerThresholdFatal"), num(n, "LowerThresholdCritical"), num(n, "LowerThresholdNonCritical"),
                num(n, "UpperThresholdNonCritical"), num(n, "UpperThresholdCritical"), num(n, "UpperThresholdFatal"), conditions(n)));
    }

    private static java.util.Optional<Sensor> status(JsonNode n, String kind) {
        if (!enabled(n)) {
            return java.util.Optional.empty();
        }
        List<String> asserted = new ArrayList<>(conditions(n));
        String line = n.path("LineInputStatus").asText("");
        if (!line.isEmpty() && !line.equals("Normal")) {
            asserted.add("line input " + line);
        }
        return java.util.Optional.of(Sensor.discrete(name(n), kind, health(n), asserted));
    }

    private static void redundancy(JsonNode groups, String kind, List<Sensor> out) {
        for (JsonNode g : groups) {
            if (enabled(g)) {
                String h = health(g);
                out.add(Sensor.discrete(name(g), kind + "-redundancy", h, "OK".equalsIgnoreCase(h) ? List.of() : List.of("Redundancy Lost")));
            }
        }
    }

    private static boolean enabled(JsonNode n) {
        String state = n.path("Status").path("State").asText("Enabled");
        return state.equals("Enabled") || state.equals("Quiesced") || state.equals("Degraded");
    }

    private static String health(JsonNode n) {
        return n.path("Status").path("Health").asText(null);
    }

    private static List<String> conditions(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : n.path("Status").path("Conditions")) {
            String m = c.path("Message").asText(c.path("MessageId").asText(""));
            if (!m.isEmpty()) {
                out.add(m);
            }
        }
        return out;
    }

    private static String name(JsonNode n) {
        String name = n.path("Name").asText("");
        return name.isEmpty() ? n.path("FanName").asText(n.path("MemberId").asText(n.path("Id").asText("?"))) : name;
    }

    private static Double num(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isNumber() ? v.asDouble() : null;
    }

    private static String kindFromUnit(String u) {
        return switch (u) {
            case "Cel" -> "temperature";
            case "RPM" -> "fan";
            case "V" -> "voltage";
            case "A" -> "current";
            case "W" -> "power";
            default -> "other";
        };
    }
}
