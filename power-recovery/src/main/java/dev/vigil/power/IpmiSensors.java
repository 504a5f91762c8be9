package dev.vigil.power;

import dev.vigil.core.bmc.Sensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ipmitool's sensor tables, read as a pure function of their text: {@code ipmitool sensor} (10 columns:
 * name, reading, unit, status, lnr, lcr, lnc, unc, ucr, unr), {@code sdr elist} (5 columns: name, id,
 * status, entity, reading or asserted states) and {@code sdr list} (3 columns), in any mix, as one
 * {@code exec} session prints them. A threshold sensor takes its reading and the BMC's thresholds from
 * {@code sensor}; a discrete one its asserted states from {@code sdr elist}. Sensors the BMC marks absent
 * ({@code na}, {@code ns}, "Not Readable", "disabled") are left out.
 */
public final class IpmiSensors {
    private IpmiSensors() {
    }

    private record Row(String[] cells) {
    }

    public static List<Sensor> parse(String text) {
        Map<String, List<String[]>> table = new LinkedHashMap<>();
        Map<String, List<String[]>> elist = new LinkedHashMap<>();
        Map<String, List<String[]>> list = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            if (!line.contains("|")) {
                continue;
            }
            String[] c = Arrays.stream(line.split("\\|", -1)).map(String::strip).toArray(String[]::new);
            if (c[0].isEmpty()) {
                continue;
            }
            Map<String, List<String[]>> into = c.length >= 10 ? table : c.length == 5 ? elist : c.length == 3 ? list : null;
            if (into == null) {
                continue;
            }
            if (!table.containsKey(c[0]) && !elist.containsKey(c[0]) && !list.containsKey(c[0])) {
                order.add(c[0]);
            }
            into.computeIfAbsent(c[0], k -> new ArrayList<>()).add(c);
        }
        List<Sensor> out = new ArrayList<>();
        for (String name : order) {
            List<String[]> t = table.getOrDefault(name, List.of());
            List<String[]> e = elist.getOrDefault(name, List.of());
            List<String[]> l = list.getOrDefault(name, List.of());
            int n = Math.max(t.size(), Math.max(e.size(), l.size()));
            for (int i = 0; i < n; i++) {
                Sensor s = sensor(name, i < t.size() ? t.get(i) : null, i < e.size() ? e.get(i) : null, i < l.size() ? l.get(i) : null);
                if (s != null) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static Sensor sensor(String name, String[] t, String[] e, String[] l) {
        String entity = e == null ? null : e[3];
        if (t != null && number(t[1]) != null && !t[2].equalsIgnoreCase("discrete")) {
            String state = e != null && !e[2].isEmpty() ? e[2] : t[3];
            return new Sensor(name, kind(t[2], entity, name), number(t[1]), t[2], state.toLowerCase(Locale.ROOT),
                    number(t[4]), number(t[5]), number(t[6]), number(t[7]), number(t[8]), number(t[9]), List.of());
        }
        if (e != null) {
            String status = e[2].toLowerCase(Locale.ROOT);
            String desc = e[4];
            if (status.equals("ns") || absent(desc)) {
                return null;
            }
            String[] reading = readingOf(desc);
            if (reading != null) {
                return new Sensor(name, kind(reading[1], entity, name), Double.valueOf(reading[0]), reading[1], status,
                        null, null, null, null, null, null, List.of());
            }
            List<String> states = Arrays.stream(desc.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
            return Sensor.discrete(name, kind("discrete", entity, name), status, states);
        }
        if (t != null) {
            // a discrete sensor only in the threshold table: its state bits are hex, no words to judge
            return t[3].equalsIgnoreCase("na") || t[1].equalsIgnoreCase("na") ? null
                    : Sensor.discrete(name, kind("discrete", null, name), "ok", List.of());
        }
        if (l != null) {
            String status = l[2].toLowerCase(Locale.ROOT);
            if (status.equals("ns") || absent(l[1])) {
                return null;
            }
            String[] reading = readingOf(l[1]);
            return reading != null
                    ? new Sensor(name, kind(reading[1], null, name), Double.valueOf(reading[0]), reading[1], status, null, null, null, null, null, null, List.of())
                    : Sensor.discrete(name, kind("discrete", null, name), status, List.of());
        }
        return null;
    }

    private static boolean absent(String desc) {
        String d = desc.toLowerCase(Locale.ROOT);
        return d.isEmpty() || d.equals("no reading") || d.equals("not readable") || d.equals("disabled") || d.equals("na");
    }

    /** "55 degrees C" as {55, degrees C}; "0x00" or words as null. */
    private static String[] readingOf(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(-?[0-9]+(?:\\.[0-9]+)?) +(.+)").matcher(s);
        return m.matches() ? new String[]{m.group(1), m.group(2)} : null;
    }

    static Double number(String s) {
        if (s == null || s.isEmpty() || s.equalsIgnoreCase("na") || s.startsWith("0x")) {
            return null;
        }
        try {
            return Double.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The kind from the unit, else from the IPMI entity (10 = power supply, 29 = fan), else from the name. */
    static String kind(String unit, String entity, String name) {
        String u = unit == null ? "" : unit.toLowerCase(Locale.ROOT);
        if (u.startsWith("degrees")) {
            return "temperature";
        }
        if (u.equals("rpm") || u.equals("percent") && name.toLowerCase(Locale.ROOT).contains("fan")) {
            return "fan";
        }
        if (u.equals("volts")) {
            return "voltage";
        }
        if (u.equals("amps")) {
            return "current";
        }
        if (u.equals("watts")) {
            return "power";
        }
        String ent = entity == null ? "" : entity.replaceAll("\\..*", "");
        String n = name.toLowerCase(Locale.ROOT);
        if (ent.equals("10") || n.startsWith("ps") || n.contains("power supply")) {
            return "power-supply";
        }
        if (ent.equals("29") || n.contains("fan")) {
            return "fan";
        }
        return u.isEmpty() || u.equals("discrete") ? "discrete" : u;
    }
}
