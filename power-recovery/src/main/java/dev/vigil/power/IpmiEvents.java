package dev.vigil.power;

import dev.vigil.core.bmc.EventLog;
import dev.vigil.core.bmc.SelEntry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ipmitool sel info} and {@code sel elist}, read as a pure function of their text (also when one
 * {@code exec} session printed the sensor tables before them): the entries
 * (id | date | time | sensor | event | Asserted/Deasserted [| detail]) and the log's "Percent Used".
 * A BMC whose clock was not yet set writes "Pre-Init" with seconds since it started.
 */
public final class IpmiEvents {
    private IpmiEvents() {
    }

    public static EventLog parse(String text) {
        List<SelEntry> entries = new ArrayList<>();
        Integer percent = null;
        for (String line : text.split("\r?\n")) {
            String l = line.strip();
            if (l.startsWith("Percent Used")) {
                String v = l.substring(l.indexOf(':') + 1).strip().replace("%", "");
                try {
                    percent = Integer.valueOf(v);
                } catch (NumberFormatException e) {
                    percent = null; // "unknown" on a BMC that does not say
                }
                continue;
            }
            if (!l.contains("|")) {
                continue;
            }
            String[] c = Arrays.stream(l.split("\\|", -1)).map(String::strip).toArray(String[]::new);
            // an entry: a hex record id, then a date (or "Pre-Init") and a time; a sensor table's row (10 columns) is not one
            if (c.length < 6 || c.length > 7 || !c[0].matches("[0-9a-fA-F]+") || !(c[1].matches("\\d{2}/\\d{2}/\\d{4}") || c[1].equals("Pre-Init"))) {
                continue;
            }
            String direction = c[5];
            String event = c.length > 6 && !c[6].isEmpty() ? c[4] + " (" + c[6] + ")" : c[4];
            entries.add(new SelEntry(c[0], (c[1] + " " + c[2]).strip(), c[3], event, !direction.equalsIgnoreCase("Deasserted"), null));
        }
        return new EventLog(entries, percent);
    }
}
