package dev.vigil.core.alarm;

import java.util.Map;

/**
 * What one scan saw of one alarm item: bad (warning or critical) or good. A scan lists every item it
 * examined, good ones too: an item it examined and found good clears its alarm; an item it did not
 * examine is left as it is (a run on one node never clears another node's alarm).
 *
 * @param severity warning or critical when bad; null when good
 */
public record Observation(String source, String node, String item, String severity, String summary, Map<String, String> labels, String report) {
    public static Observation bad(String source, String node, String item, String severity, String summary, Map<String, String> labels,
                                  String report) {
        if (!"warning".equals(severity) && !"critical".equals(severity)) {
            throw new IllegalArgumentException("severity must be warning or critical, not " + severity);
        }
        return new Observation(source, node, item, severity, summary, labels, report);
    }

    public static Observation good(String source, String node, String item, String summary) {
        return new Observation(source, node, item, null, summary, Map.of(), null);
    }

    public boolean isBad() {
        return severity != null;
    }

    public String key() {
        return Alarm.key(source, node, item);
    }
}
