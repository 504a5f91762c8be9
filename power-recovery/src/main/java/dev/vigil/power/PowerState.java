package dev.vigil.power;

import java.util.Locale;

/** What a BMC says about the chassis power. */
public enum PowerState {
    ON, OFF;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
