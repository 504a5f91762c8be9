package dev.vigil.core.text;

import java.util.Locale;

/** Byte counts for people, in IEC units (1 KiB = 1024 B). */
public final class Sizes {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Sizes() {
    }

    /** "512 B", "115.3 KiB", "2.0 GiB": one decimal, a space, for tables. */
    public static String iec(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double v = n;
        int u = 0;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, UNITS[u]);
    }

    /** "512B", "9.5GiB", "24GiB": as short as it reads, for a check's one-line message. */
    public static String compact(long n) {
        double v = n;
        int u = 0;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        return (v >= 10 || u == 0 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v)) + UNITS[u];
    }
}
