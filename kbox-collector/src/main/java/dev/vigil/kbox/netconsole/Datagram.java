package dev.vigil.kbox.netconsole;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One netconsole datagram, parsed. The extended format (netconsole's {@code +} flag) is
 * {@code <prefix>,<seq>,<timestamp_us>,<flags>[,ncfrag=<offset>/<total>];<text>}, with the syslog
 * level in the prefix's low 3 bits; anything else is plain text. Pure: bytes in, record out.
 */
public record Datagram(boolean extended, int level, long seq, long timestampMicros, String flags, int fragOffset,
                       int fragTotal, String text) {
    private static final Pattern HEADER = Pattern.compile("^(\\d+),(\\d+),(\\d+),([^,;]*)((?:,[^;]*)?);");
    private static final Pattern FRAG = Pattern.compile("ncfrag=(\\d+)/(\\d+)");

    public boolean fragment() {
        return fragTotal > 0;
    }

    /** @throws IllegalArgumentException for a datagram that is neither format (binary, empty, broken header) */
    public static Datagram parse(byte[] data, int length) {
        if (length == 0) {
            throw new IllegalArgumentException("empty datagram");
        }
        for (int i = 0; i < length; i++) {
            byte b = data[i];
            if (b == 0) {
                throw new IllegalArgumentException("NUL byte in datagram");
            }
        }
        String s = new String(data, 0, length, java.nio.charset.StandardCharsets.UTF_8);
        Matcher m = HEADER.matcher(s);
        if (!m.find()) {
            if (Character.isDigit(s.charAt(0)) && s.matches("(?s)^\\d+,\\d*,?.*") && s.indexOf(';') < 0) {
                throw new IllegalArgumentException("broken extended header");
            }
            return new Datagram(false, -1, -1, -1, "", 0, 0, s);
        }
        int offset = 0;
        int total = 0;
        Matcher f = FRAG.matcher(m.group(5));
        if (f.find()) {
            offset = Integer.parseInt(f.group(1));
            total = Integer.parseInt(f.group(2));
            if (total <= 0 || offset >= total) {
                throw new IllegalArgumentException("bad ncfrag " + offset + "/" + total);
            }
        }
        try {
            return new Datagram(true, Integer.parseInt(m.group(1)) & 7, Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                    m.group(4), offset, total, s.substring(m.end()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("number out of range in header");
        }
    }
}
