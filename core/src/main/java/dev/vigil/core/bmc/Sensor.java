package dev.vigil.core.bmc;

import java.util.List;

/**
 * One sensor as a BMC reports it, whatever the protocol: a reading with the BMC's own thresholds
 * (null where the BMC gives none), or a discrete sensor's asserted states ("Failure detected").
 *
 * @param kind     temperature, fan, voltage, current, power, power-supply, or the protocol's type name
 * @param state    the BMC's verdict as it said it: IPMI ok/nc/cr/nr/ns (or lnc, ucr...), Redfish OK/Warning/Critical; null if none
 * @param asserted a discrete sensor's asserted states, or a Redfish resource's state when it is not Enabled
 */
public record Sensor(String name, String kind, Double reading, String unit, String state,
                     Double lowerFatal, Double lowerCritical, Double lowerWarning,
                     Double upperWarning, Double upperCritical, Double upperFatal, List<String> asserted) {
    public Sensor {
        asserted = asserted == null ? List.of() : List.copyOf(asserted);
    }

    public static Sensor discrete(String name, String kind, String state, List<String> asserted) {
        return new Sensor(name, kind, null, null, state, null, null, null, null, null, null, asserted);
    }

    public Sensor withAsserted(List<String> states, String newState) {
        return new Sensor(name, kind, reading, unit, newState == null ? state : newState, lowerFatal, lowerCritical, lowerWarning,
                upperWarning, upperCritical, upperFatal, states);
    }
}
