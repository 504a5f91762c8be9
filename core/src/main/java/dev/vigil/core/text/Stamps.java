package dev.vigil.core.text;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The compact UTC time stamps in Vigil's run ids and file names: 20261201T235735Z, or with milliseconds 20261201T235735.220Z. */
public final class Stamps {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Stamps() {
    }

    public static String seconds(Instant t) {
        return SECONDS.format(t);
    }

    public static String millis(Instant t) {
        return MILLIS.format(t);
    }
}
