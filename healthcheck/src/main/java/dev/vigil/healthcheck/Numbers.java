package dev.vigil.healthcheck;

import java.util.Locale;

/** Numbers in check messages, as people write them. */
public final class Numbers {
    private Numbers() {
    }

    /** 80, not 80.0; one decimal otherwise; "-" for none. */
    public static String fmt(Double d) {
        if (d == null) {
            return "-";
        }
        return d == Math.rint(d) ? Long.toString(d.longValue()) : String.format(Locale.ROOT, "%.1f", d);
    }
}
