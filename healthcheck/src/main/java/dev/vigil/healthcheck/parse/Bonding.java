package dev.vigil.healthcheck.parse;

import java.util.ArrayList;
import java.util.List;

/** A {@code /proc/net/bonding/<bond>} file, read as a pure function: the mode, link, active slave, aggregator and slaves. */
public final class Bonding {
    private Bonding() {
    }

    /** One slave; speed in Mb/s, null when unknown. */
    public record Slave(String name, boolean up, Integer speed, int linkFailures, String aggregatorId) {
    }

    /** The bond; {@code activeSlave} null in modes without one; {@code activeAggregator} for 802.3ad, null otherwise. */
    public record Bond(String mode, boolean up, String activeSlave, boolean noActiveAggregator, String activeAggregator, List<Slave> slaves) {
    }

    public static Bond parse(String text) {
        String mode = null;
        Boolean up = null;
        String active = null;
        String aggregator = null;
        boolean noAggregator = false;
        boolean inActiveAggregator = false;
        List<Slave> slaves = new ArrayList<>();
        String slave = null;
        boolean slaveUp = false;
        Integer speed = null;
        int failures = 0;
        String slaveAgg = null;
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.contains("has no active aggregator")) {
                noAggregator = true;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "Bonding Mode" -> mode = value;
                case "Currently Active Slave" -> active = value.equals("None") ? null : value;
                case "Active Aggregator Info" -> inActiveAggregator = true;
                case "Aggregator ID" -> {
                    if (slave != null) {
                        slaveAgg = value;
                    } else if (inActiveAggregator && aggregator == null) {
                        aggregator = value;
                    }
                }
                case "Slave Interface" -> {
                    if (slave != null) {
                        slaves.add(new Slave(slave, slaveUp, speed, failures, slaveAgg));
                    }
                    slave = value;
                    slaveUp = false;
                    speed = null;
                    failures = 0;
                    slaveAgg = null;
                }
                case "MII Status" -> {
                    if (slave == null) {
                        up = value.equals("up");
                    } else {
                        slaveUp = value.equals("up");
                    }
                }
                case "Speed" -> {
                    if (slave != null && value.matches("\\d+ Mbps")) {
                        speed = Integer.valueOf(value.replace(" Mbps", ""));
                    }
                }
                case "Link Failure Count" -> {
                    if (slave != null && value.matches("\\d+")) {
                        failures = Integer.parseInt(value);
                    }
                }
                default -> {
                }
            }
        }
        if (slave != null) {
            slaves.add(new Slave(slave, slaveUp, speed, failures, slaveAgg));
        }
        if (mode == null || up == null) {
            throw new IllegalArgumentException("not a /proc/net/bonding file (no Bonding Mode and MII Status)");
        }
        return new Bond(mode, up, active, noAggregator, aggregator, slaves);
    }
}
