package dev.vigil.healthcheck.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code /proc/mdstat}, read as a pure function: each array's state, level, members, health mask and sync action. */
public final class MdStat {
    private MdStat() {
    }

    /** A member device; failed (F), spare (S), write-mostly (W), replacement (R). */
    public record Member(String name, boolean failed, boolean spare) {
    }

    /**
     * One array. {@code wanted}/{@code working}: the [n/m] counts, null for levels without redundancy (raid0,
     * linear); {@code mask}: [UU_]; {@code action}: recovery, resync, reshape, check, or null; {@code progress} in
     * percent, or -1 when delayed or pending.
     */
    public record Array(String name, boolean active, String readOnly, String level, List<Member> members, Integer wanted,
                        Integer working, String mask, String action, double progress) {
        public boolean degraded() {
            return wanted != null && working != null && working < wanted || mask != null && mask.contains("_");
        }

        public List<String> failed() {
            return members.stream().filter(Member::failed).map(Member::name).toList();
        }
    }

    private static final Pattern HEAD = Pattern.compile("^(md[\\w/]*) : (active|inactive)(?: \\(([\\w-]+)\\))?(?: (\\w+))?\\s*(.*)$");
    private static final Pattern MEMBER = Pattern.compile("([\\w./-]+)\\[\\d+\\]((?:\\([A-Z]\\))*)");
    private static final Pattern COUNTS = Pattern.compile("\\[(\\d+)/(\\d+)\\] \\[([U_]+)\\]");
    private static final Pattern SYNC = Pattern.compile("(recovery|resync|reshape|check|repair)\\s*=\\s*([0-9.]+)%");
    private static final Pattern SYNC_WAIT = Pattern.compile("(resync|recovery|reshape|check)=(DELAYED|PENDING)");

    public static List<Array> parse(String text) {
        List<Array> out = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher h = HEAD.matcher(lines[i]);
            if (!h.matches()) {
                continue;
            }
            String level = h.group(4);
            String rest = h.group(5);
            if (level != null && !level.startsWith("raid") && !level.equals("linear") && !level.equals("multipath") && !level.equals("faulty")) {
                // "md4 : inactive sda3[0](F)": no level, the first word is a member
                rest = level + " " + rest;
                level = null;
            }
            List<Member> members = new ArrayList<>();
            Matcher m = MEMBER.matcher(rest);
            while (m.find()) {
                members.add(new Member(m.group(1), m.group(2).contains("(F)"), m.group(2).contains("(S)")));
            }
            Integer wanted = null;
            Integer working = null;
            String mask = null;
            String action = null;
            double progress = 0;
            int j = i + 1;
            for (; j < lines.length && !lines[j].isBlank() && !HEAD.matcher(lines[j]).matches(); j++) {
                Matcher c = COUNTS.matcher(lines[j]);
                if (c.find()) {
                    wanted = Integer.valueOf(c.group(1));
                    working = Integer.valueOf(c.group(2));
                    mask = c.group(3);
                }
                Matcher s = SYNC.matcher(lines[j]);
                if (s.find()) {
                    action = s.group(1);
                    progress = Double.parseDouble(s.group(2));
                }
                Matcher w = SYNC_WAIT.matcher(lines[j]);
                if (w.find()) {
                    action = w.group(1);
                    progress = -1;
                }
            }
            out.add(new Array(h.group(1), h.group(2).equals("active"), h.group(3), level, members, wanted, working, mask, action, progress));
            i = j - 1;
        }
        return out;
    }
}
