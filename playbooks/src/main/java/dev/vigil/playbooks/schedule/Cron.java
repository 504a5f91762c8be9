package dev.vigil.playbooks.schedule;

import org.quartz.CronExpression;

import java.text.ParseException;
import java.util.TimeZone;

/**
 * Schedule expressions: Quartz cron (seconds first, 6 or 7 fields) as they are, and standard
 * 5-field cron (minute hour day-of-month month day-of-week), which is converted: a seconds field of
 * 0, one of the two day fields becomes '?', day-of-week numbers move from 0-7 (Sunday 0 or 7) to
 * Quartz's 1-7 (Sunday 1). An invalid expression is an error that says which field is wrong.
 */
public final class Cron {
    private static final String[] QUARTZ_FIELDS = {"seconds", "minutes", "hours", "day-of-month", "month", "day-of-week", "year"};
    private static final String[] FIVE_FIELDS = {"minute", "hour", "day-of-month", "month", "day-of-week"};

    private Cron() {
    }

    /** The Quartz expression for {@code text}; IllegalArgumentException naming the field when it is not valid. */
    public static String toQuartz(String text) {
        String[] f = text.trim().split("\\s+");
        String quartz;
        if (f.length == 5) {
            for (int i = 0; i < 5; i++) {
                checkFive(f[i], i, text);
            }
            String dom = f[2];
            String dow = dow(f[4], text);
            if (dow.equals("*") || dow.equals("?")) {
                dow = "?";
            } else if (dom.equals("*") || dom.equals("?")) {
                dom = "?";
            } else {
                throw new IllegalArgumentException("'" + text + "': day-of-month and day-of-week are both set; Quartz needs one of them to be '*'");
            }
            quartz = "0 " + f[0] + " " + f[1] + " " + dom + " " + f[3] + " " + dow;
        } else if (f.length == 6 || f.length == 7) {
            quartz = String.join(" ", f);
        } else {
            throw new IllegalArgumentException("'" + text + "' has " + f.length + " fields: give 5 (standard cron: minute hour day month weekday) "
                    + "or 6-7 (Quartz: seconds minute hour day month weekday [year])");
        }
        validate(quartz, text);
        return quartz;
    }

    private static void checkFive(String field, int index, String text) {
        if (!field.matches("[0-9A-Za-z*/,?L#-]+")) {
            throw new IllegalArgumentException("'" + text + "': the " + FIVE_FIELDS[index] + " field '" + field + "' is not valid");
        }
    }

    /** Standard cron day-of-week numbers (0-7, Sunday 0 and 7) to Quartz's (1-7, Sunday 1). */
    private static String dow(String field, String text) {
        if (!field.matches(".*\\d.*")) {
            return field;
        }
        StringBuilder b = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+").matcher(field);
        int last = 0;
        while (m.find()) {
            int n = Integer.parseInt(m.group());
            boolean isStep = m.start() > 0 && field.charAt(m.start() - 1) == '/';
            boolean isNth = m.start() > 0 && field.charAt(m.start() - 1) == '#';
            b.append(field, last, m.start());
            if (isStep || isNth) {
                b.append(n);
            } else {
                if (n > 7) {
                    throw new IllegalArgumentException("'" + text + "': the day-of-week field '" + field + "' is not valid (0-7, Sunday is 0 or 7)");
                }
                b.append(n == 7 ? 1 : n + 1);
            }
            last = m.end();
        }
        return b.append(field.substring(last)).toString();
    }

    private static final java.util.Set<String> DAYS = java.util.Set.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final java.util.Set<String> MONTHS = java.util.Set.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final int[][] RANGES = {{0, 59}, {0, 59}, {0, 23}, {1, 31}, {1, 12}, {1, 7}, {1970, 2199}};

    private static void validate(String quartz, String original) {
        String[] f = quartz.split("\\s+");
        for (int i = 0; i < f.length; i++) {
            java.util.regex.Matcher w = java.util.regex.Pattern.compile("[A-Za-z]{2,}").matcher(f[i]);
            while (w.find()) {
                String word = w.group().toUpperCase(java.util.Locale.ROOT);
                boolean ok = i == 4 && MONTHS.contains(word) || i == 5 && DAYS.contains(word);
                if (!ok) {
                    throw new IllegalArgumentException("'" + original + "': the " + QUARTZ_FIELDS[i] + " field '" + f[i] + "' has '" + w.group()
                            + "'" + (i == 5 ? " (days: SUN-SAT)" : i == 4 ? " (months: JAN-DEC)" : ""));
                }
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+").matcher(f[i]);
            while (m.find()) {
                boolean step = m.start() > 0 && (f[i].charAt(m.start() - 1) == '/' || f[i].charAt(m.start() - 1) == '#');
                int n = Integer.parseInt(m.group());
                if (!step && (n < RANGES[i][0] || n > RANGES[i][1])) {
                    throw new IllegalArgumentException("'" + original + "': the " + QUARTZ_FIELDS[i] + " field '" + f[i] + "' is out of range ("
                            + RANGES[i][0] + "-" + RANGES[i][1] + ")");
                }
            }
        }
        CronExpression c;
        try {
            c = new CronExpression(quartz);
        } catch (ParseException e) {
            throw new IllegalArgumentException("'" + original + "': " + e.getMessage().replaceAll("\\s+", " ").trim());
        }
        c.setTimeZone(java.util.TimeZone.getTimeZone("UTC"));
        if (c.getNextValidTimeAfter(new java.util.Date()) == null) {
            // February 30th, or a year gone by: a schedule that would sit there doing nothing
            throw new IllegalArgumentException("'" + original + "' never fires (no such date from now on)");
        }
    }

    /** The 5-field crontab line for a Quartz expression, or null when cron cannot express it (seconds, year, L, W, #). */
    public static String toCrontab(String quartz) {
        String[] f = quartz.trim().split("\\s+");
        if (f.length == 7 && !f[6].equals("*") || !f[0].equals("0") || quartz.matches(".*[LW#].*")) {
            return null;
        }
        String dom = f[3].equals("?") ? "*" : f[3];
        String dow = f[5].equals("?") ? "*" : quartzDowToCron(f[5]);
        return f[1] + " " + f[2] + " " + dom + " " + f[4] + " " + dow;
    }

    private static String quartzDowToCron(String field) {
        StringBuilder b = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+").matcher(field);
        int last = 0;
        while (m.find()) {
            boolean isStep = m.start() > 0 && field.charAt(m.start() - 1) == '/';
            b.append(field, last, m.start()).append(isStep ? m.group() : String.valueOf(Integer.parseInt(m.group()) - 1));
            last = m.end();
        }
        return b.append(field.substring(last)).toString();
    }

    public static CronExpression expression(String quartz, TimeZone zone) {
        try {
            CronExpression c = new CronExpression(quartz);
            c.setTimeZone(zone);
            return c;
        } catch (ParseException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
