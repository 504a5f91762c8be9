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
            if (data[i] == 0) {
                throw new IllegalArgumentException("NUL byte in datagram");
            }
        }
        // extended: digits ',' digits ',' digits ',' flags [',' ncfrag=a/b] ';' text -- parsed by hand: this is the hot path
        int semi = -1;
        int limit = Math.min(length, 128);
        for (int i = 0; i < limit; i++) {
            if (data[i] == ';') {
                semi = i;
                break;
            }
        }
        if (semi < 0 || !isDigit(data[0])) {
            String s = new String(data, 0, length, java.nio.charset.StandardCharsets.UTF_8);
            if (isDigit(data[0]) && s.matches("(?s)^\\d+,\\d*,?[^ ]*") && s.indexOf(';') < 0) {
                throw new IllegalArgumentException("broken extended header");
            }
            return new Datagram(false, -1, -1, -1, "", 0, 0, s);
        }
        String header = new String(data, 0, semi, java.nio.charset.StandardCharsets.US_ASCII);
        String[] f = header.split(",", 5);
        if (f.length < 4) {
            return new Datagram(false, -1, -1, -1, "", 0, 0, new String(data, 0, length, java.nio.charset.StandardCharsets.UTF_8));
        }
        try {
            int prefix = Integer.parseInt(f[0]);
            long seq = Long.parseLong(f[1]);
            long ts = Long.parseLong(f[2]);
            int offset = 0;
            int total = 0;
            if (f.length == 5) {
                Matcher m = FRAG.matcher(f[4]);
                if (m.find()) {
                    offset = Integer.parseInt(m.group(1));
                    total = Integer.parseInt(m.group(2));
                    if (total <= 0 || offset >= total) {
                        throw new IllegalArgumentException("bad ncfrag " + offset + "/" + total);
                    }
                }
            }
            return new Datagram(true, prefix & 7, seq, ts, f[3], offset, total,
                    new String(data, semi + 1, length - semi - 1, java.nio.charset.StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number in extended header '" + header + "'");
        }
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
