package dev.vigil.healthcheck.parse;

import java.util.HashMap;
import java.util.Map;

/** Memory use from /proc/meminfo: used = total - MemAvailable (what the kernel says can be had without swapping). */
public final class MemInfo {
    public record Usage(long totalKb, long availableKb, double usedPct, long swapTotalKb, long swapFreeKb, Double swapUsedPct) {
    }

    private MemInfo() {
    }

    public static Usage parse(String meminfo) {
        Map<String, Long> kb = new HashMap<>();
        for (String line : meminfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String[] v = line.substring(colon + 1).trim().split("\\s+");
            try {
                kb.put(line.substring(0, colon), Long.parseLong(v[0]));
            } catch (NumberFormatException e) {
                // a line that is not "Key: number kB" is of no use here
            }
        }
        Long total = kb.get("MemTotal");
        Long avail = kb.get("MemAvailable");
        if (total == null || total == 0) {
            throw new IllegalArgumentException("no MemTotal in /proc/meminfo");
        }
        if (avail == null) {
            // kernels before 3.14: the usual estimate
            avail = kb.getOrDefault("MemFree", 0L) + kb.getOrDefault("Buffers", 0L) + kb.getOrDefault("Cached", 0L);
        }
        long swapTotal = kb.getOrDefault("SwapTotal", 0L);
        long swapFree = kb.getOrDefault("SwapFree", 0L);
        Double swapPct = swapTotal == 0 ? null : MountStats.round(100.0 * (swapTotal - swapFree) / swapTotal);
        return new Usage(total, avail, MountStats.round(100.0 * (total - avail) / total), swapTotal, swapFree, swapPct);
    }
}
