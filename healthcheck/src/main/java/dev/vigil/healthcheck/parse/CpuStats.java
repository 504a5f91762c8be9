package dev.vigil.healthcheck.parse;

/**
 * CPU busy percent between two samples of /proc/stat's first line (not the load average alone):
 * busy = 1 - (idle + iowait) delta / total delta, over user..steal (guest time is inside user).
 */
public final class CpuStats {
    public record Sample(double busyPct, int cpus, double load1, double load5, double load15) {
    }

    private CpuStats() {
    }

    public static String script(long intervalMillis) {
        return "head -n1 /proc/stat; sleep " + (intervalMillis / 1000.0) + "; head -n1 /proc/stat; "
                + "nproc 2>/dev/null || grep -c ^processor /proc/cpuinfo; cat /proc/loadavg";
    }

    public static Sample parse(String output) {
        String[] lines = output.strip().split("\n");
        if (lines.length < 2 || !lines[0].startsWith("cpu ") || !lines[1].startsWith("cpu ")) {
            throw new IllegalArgumentException("expected two 'cpu' lines from /proc/stat");
        }
        long[] a = fields(lines[0]);
        long[] b = fields(lines[1]);
        long total = 0;
        long idle = (b[3] - a[3]) + (b[4] - a[4]);
        for (int i = 0; i < Math.min(8, a.length); i++) {
            total += b[i] - a[i];
        }
        double busy = total <= 0 ? 0 : 100.0 * (total - idle) / total;
        int cpus = lines.length > 2 ? Integer.parseInt(lines[2].trim()) : 0;
        double l1 = 0;
        double l5 = 0;
        double l15 = 0;
        if (lines.length > 3) {
            String[] l = lines[3].trim().split("\\s+");
            l1 = Double.parseDouble(l[0]);
            l5 = Double.parseDouble(l[1]);
            l15 = Double.parseDouble(l[2]);
        }
        return new Sample(MountStats.round(Math.max(0, Math.min(100, busy))), cpus, l1, l5, l15);
    }

    private static long[] fields(String line) {
        String[] f = line.trim().split("\\s+");
        long[] v = new long[f.length - 1];
        for (int i = 1; i < f.length; i++) {
            v[i - 1] = Long.parseLong(f[i]);
        }
        if (v.length < 5) {
            throw new IllegalArgumentException("too few fields in '" + line + "'");
        }
        return v;
    }
}
