package dev.vigil.healthcheck.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rest of what the vm-states probe prints, each a pure function: virsh's per-domain lines
 * ({@code name TAB domstate --reason TAB Autostart TAB UUID}), the guest names of running qemu processes,
 * and Xen's {@code xl list}.
 */
public final class Virt {
    private Virt() {
    }

    /** One domain's state as {@code virsh domstate --reason} prints it ("paused (I/O error)"), autostart and UUID. */
    public record DomainInfo(String name, String state, String reason, boolean autostart, String uuid) {
    }

    private static final Pattern STATE = Pattern.compile("^(.+?)(?: \\((.+)\\))?$");

    public static Map<String, DomainInfo> domains(String text) {
        Map<String, DomainInfo> out = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            String[] f = line.split("\t", -1);
            if (f.length < 2 || f[0].isBlank()) {
                continue;
            }
            Matcher m = STATE.matcher(f[1].strip());
            String state = f[1].strip();
            String reason = null;
            if (m.matches()) {
                state = m.group(1);
                reason = m.group(2);
            }
            out.put(f[0], new DomainInfo(f[0], state, reason, f.length > 2 && f[2].strip().equals("enable"), f.length > 3 ? f[3].strip() : ""));
        }
        return out;
    }

    private static final Pattern QEMU_NAME = Pattern.compile("(?:^|\\s)-name\\s+(?:guest=)?([^,\\s]+)");

    /** The guest names of qemu processes ({@code ps -eo args}): "-name guest=vm1,debug-threads=on" or "-name vm1". */
    public static List<String> qemuGuests(String ps) {
        List<String> out = new ArrayList<>();
        for (String line : ps.split("\r?\n")) {
            String cmd = line.strip().split("\\s+", 2)[0];
            if (!cmd.contains("qemu")) {
                continue;
            }
            Matcher m = QEMU_NAME.matcher(line);
            if (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** A Xen domain of {@code xl list}: the state letters r(unning) b(locked) p(aused) s(hutdown) c(rashed) d(ying). */
    public record XenDomain(String name, int id, String state) {
        public boolean crashed() {
            return state.contains("c");
        }

        public boolean paused() {
            return state.contains("p");
        }

        public boolean dying() {
            return state.contains("d") || state.contains("s");
        }
    }

    public static List<XenDomain> xl(String text) {
        List<XenDomain> out = new ArrayList<>();
        boolean header = false;
        for (String line : text.split("\r?\n")) {
            if (line.startsWith("Name") && line.contains("State")) {
                header = true;
                continue;
            }
            String[] f = line.strip().split("\\s+");
            if (!header || f.length < 6) {
                continue;
            }
            try {
                out.add(new XenDomain(f[0], Integer.parseInt(f[1]), f[4]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an xl list line: " + line);
            }
        }
        if (!header) {
            throw new IllegalArgumentException("no 'Name ID Mem VCPUs State Time(s)' header");
        }
        return out;
    }
}
