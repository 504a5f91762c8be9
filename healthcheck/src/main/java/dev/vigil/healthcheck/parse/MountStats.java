package dev.vigil.healthcheck.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Space and inode use of every real mounted filesystem. {@link #script} is the probe: it reads
 * /proc/mounts, skips pseudo and read-only filesystems, and runs {@code stat -f} on each mount in the
 * background with its own deadline, so a hung mount is reported as HUNG and never stalls the
 * probe. {@link #parse} turns its output into values.
 */
public final class MountStats {
    public enum State { OK, HUNG, ERROR }

    /**
     * One mount. Percentages follow df: space used = (total - free) / (total - free + avail);
     * inodes null where the filesystem has no inode count.
     */
    public record Mount(String mountPoint, String fsType, State state, Double spacePct, Double inodesPct, long sizeBytes,
                        long availBytes, long inodesTotal, long inodesFree, String error) {
    }

    private static final String PSEUDO = "proc|sysfs|devtmpfs|devpts|cgroup|cgroup2|pstore|bpf|tracefs|debugfs|securityfs"
            + "|configfs|fusectl|mqueue|hugetlbfs|autofs|binfmt_misc|rpc_pipefs|nsfs|efivarfs|selinuxfs|squashfs|iso9660|udf|ramfs";

    private MountStats() {
    }

    /**
     * The probe, with {@code deadlineTenths} tenths of a second for all mounts together. A mount is
     * done when its .rc file is non-empty ({@code -s}): the redirection creates the file before echo
     * writes the code, and echo writes its line at once.
     */
    public static String script(int deadlineTenths) {
        return String.join("\n",
                "d=$(mktemp -d 2>/dev/null) || { d=/tmp/vigil-mounts.$$; mkdir -p \"$d\" || exit 1; }",
                "n=0",
                "while read -r dev mnt fstype opts rest; do",
                "  case \"$fstype\" in " + PSEUDO + ") continue;; esac",
                "  case \"$mnt\" in /proc|/proc/*|/sys|/sys/*|/dev|/dev/*) continue;; esac",
                "  case \",$opts,\" in *,ro,*) continue;; esac",
                "  case \"$mnt\" in *\\\\*) mnt=$(printf '%s' \"$mnt\" | sed 's/\\\\040/ /g; s/\\\\011/\\t/g; s/\\\\134/\\\\/g');; esac",
                "  n=$((n+1))",
                "  printf '%s\\t%s\\n' \"$mnt\" \"$fstype\" > \"$d/$n.m\"",
                "  ( stat -f -c '%b %f %a %S %c %d' -- \"$mnt\" > \"$d/$n.o\" 2> \"$d/$n.e\"; echo $? > \"$d/$n.rc\" ) </dev/null >/dev/null 2>&1 &",
                "done < /proc/mounts",
                "i=0",
                "while [ $i -lt " + deadlineTenths * 5 + " ]; do",
                "  all=1; k=1",
                "  while [ $k -le $n ]; do [ -s \"$d/$k.rc\" ] || { all=0; break; }; k=$((k+1)); done",
                "  [ $all = 1 ] && break",
                "  sleep 0.02; i=$((i+1))",
                "done",
                "k=1",
                "while [ $k -le $n ]; do",
                "  IFS= read -r m < \"$d/$k.m\"",
                "  if [ -s \"$d/$k.rc\" ]; then",
                "    read -r rc < \"$d/$k.rc\"",
                "    if [ \"$rc\" = 0 ]; then read -r o < \"$d/$k.o\"; printf 'OK\\t%s\\t%s\\n' \"$m\" \"$o\";",
                "    else e=; read -r e < \"$d/$k.e\"; printf 'ERR\\t%s\\t%s\\n' \"$m\" \"$e\"; fi",
                "  else printf 'HUNG\\t%s\\n' \"$m\"; fi",
                "  k=$((k+1))",
                "done",
                "rm -rf \"$d\"",
                "exit 0");
    }

    /** Parses the probe's output; a mount listed twice (stacked mounts) keeps its last line. */
    public static List<Mount> parse(String output) {
        Map<String, Mount> byMount = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length < 3) {
                throw new IllegalArgumentException("unexpected line: " + line);
            }
            String mount = f[1];
            String type = f[2];
            switch (f[0]) {
                case "HUNG":
                    byMount.put(mount, new Mount(mount, type, State.HUNG, null, null, 0, 0, 0, 0, "no answer"));
                    break;
                case "ERR":
                    byMount.put(mount, new Mount(mount, type, State.ERROR, null, null, 0, 0, 0, 0, f.length > 3 ? f[3] : ""));
                    break;
                case "OK":
                    byMount.put(mount, values(mount, type, f.length > 3 ? f[3] : ""));
                    break;
                default:
                    throw new IllegalArgumentException("unexpected line: " + line);
            }
        }
        return new ArrayList<>(byMount.values());
    }

    private static Mount values(String mount, String type, String stat) {
        String[] v = stat.trim().split("\\s+");
        if (v.length != 6) {
            throw new IllegalArgumentException("unexpected stat -f output for " + mount + ": '" + stat + "'");
        }
        long blocks = Long.parseLong(v[0]);
        long free = Long.parseLong(v[1]);
        long avail = Long.parseLong(v[2]);
        long bsize = Long.parseLong(v[3]);
        long inodes = Long.parseLong(v[4]);
        long ifree = Long.parseLong(v[5]);
        long used = blocks - free;
        Double space = used + avail == 0 ? null : round(100.0 * used / (used + avail));
        Double inodePct = inodes == 0 ? null : round(100.0 * (inodes - ifree) / inodes);
        return new Mount(mount, type, State.OK, space, inodePct, blocks * bsize, avail * bsize, inodes, ifree, null);
    }

    static double round(double d) {
        return Math.round(d * 10) / 10.0;
    }

    public static String human(long bytes) {
        return dev.vigil.core.text.Sizes.compact(bytes);
    }
}
