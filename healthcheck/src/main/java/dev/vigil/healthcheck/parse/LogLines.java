package dev.vigil.healthcheck.parse;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Timestamps of system log lines: RFC 3339 (rsyslog's high-precision format, journalctl -o
 * short-iso) and the classic syslog "Nov 21 08:40:01" (no year: the latest such date not in the
 * future, in the given zone).
 */
public final class LogLines {
    private static final Pattern ISO = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?)([+-]\\d{2}:?\\d{2}|Z)?");
    private static final Pattern CLASSIC = Pattern.compile("^([A-Z][a-z]{2}) +(\\d{1,2}) (\\d{2}:\\d{2}:\\d{2})");
    private static final DateTimeFormatter CLASSIC_FORMAT = DateTimeFormatter.ofPattern("yyyy MMM d HH:mm:ss", Locale.ENGLISH);

    private LogLines() {
    }

    /** The line's time, or null when it starts with no timestamp this recognises. */
    public static Instant timestamp(String line, ZoneId zone, Instant now) {
        Matcher iso = ISO.matcher(line);
        if (iso.find()) {
            String zonePart = iso.group(2);
            try {
                if (zonePart == null) {
                    return LocalDateTime.parse(iso.group(1)).atZone(zone).toInstant();
                }
                String z = zonePart.equals("Z") ? "Z" : zonePart.length() == 5 ? zonePart.substring(0, 3) + ":" + zonePart.substring(3) : zonePart;
                return OffsetDateTime.parse(iso.group(1) + z).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Matcher c = CLASSIC.matcher(line);
        if (c.find()) {
            int year = Year.from(now.atZone(zone)).getValue();
            try {
                Instant t = LocalDateTime.parse(year + " " + c.group(1) + " " + c.group(2) + " " + c.group(3), CLASSIC_FORMAT)
                        .atZone(zone).toInstant();
                // "Dec 31" read on Jan 1 belongs to last year
                return t.isAfter(now.plusSeconds(86_400)) ? LocalDateTime.parse((year - 1) + " " + c.group(1) + " " + c.group(2) + " "
                        + c.group(3), CLASSIC_FORMAT).atZone(zone).toInstant() : t;
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }
}
