package dev.vigil.core.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OpenSSH known_hosts files: Vigil's own (read and appended to) and any number of read-only ones
 * such as ~/.ssh/known_hosts. Understands plain and hashed ({@code |1|salt|hash}) host fields,
 * patterns with {@code * ? !}, {@code [host]:port}, and the {@code @revoked} marker (a revoked key is
 * always refused); {@code @cert-authority} lines are skipped.
 *
 * <p>Host strings are as JSch passes them: {@code host} for port 22, {@code [host]:port} otherwise.
 */
public final class KnownHosts {
    public enum Verdict { OK, UNKNOWN, CHANGED, REVOKED }

    /** One key line. */
    public record Entry(String hosts, String keyType, byte[] key, boolean revoked, String file) {
    }

    private final Path writable;
    private final List<Entry> entries = new ArrayList<>();

    private KnownHosts(Path writable) {
        this.writable = writable;
    }

    /** Loads {@code writable} (created on first append) and the read-only files that exist. */
    public static KnownHosts load(Path writable, List<Path> readOnly) throws IOException {
        KnownHosts kh = new KnownHosts(writable);
        kh.readFile(writable);
        for (Path p : readOnly) {
            if (!p.toAbsolutePath().normalize().equals(writable.toAbsolutePath().normalize())) {
                kh.readFile(p);
            }
        }
        return kh;
    }

    public static KnownHosts parse(String text, String file) {
        KnownHosts kh = new KnownHosts(null);
        kh.entries.addAll(parseLines(text, file));
        return kh;
    }

    private void readFile(Path p) throws IOException {
        try {
            entries.addAll(parseLines(Files.readString(p, StandardCharsets.UTF_8), p.toString()));
        } catch (NoSuchFileException e) {
            // absent is the same as empty
        }
    }

    static List<Entry> parseLines(String text, String file) {
        List<Entry> out = new ArrayList<>();
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            boolean revoked = false;
            int i = 0;
            if (f[0].startsWith("@")) {
                if (f[0].equals("@revoked")) {
                    revoked = true;
                } else {
                    continue;
                }
                i = 1;
            }
            if (f.length < i + 3) {
                continue;
            }
            try {
                out.add(new Entry(f[i], f[i + 1], Base64.getDecoder().decode(f[i + 2]), revoked, file));
            } catch (IllegalArgumentException e) {
                // a damaged line never matches; OpenSSH skips it too
            }
        }
        return out;
    }

    public synchronized Verdict check(String host, byte[] key) {
        String type = keyType(key);
        boolean sameTypeOther = false;
        boolean ok = false;
        for (Entry e : entries) {
            if (!hostMatches(e.hosts(), host)) {
                continue;
            }
            if (Arrays.equals(e.key(), key)) {
                if (e.revoked()) {
                    return Verdict.REVOKED;
                }
                ok = true;
            } else if (!e.revoked() && sameFamily(e.keyType(), type)) {
                sameTypeOther = true;
            }
        }
        if (ok) {
            return Verdict.OK;
        }
        return sameTypeOther ? Verdict.CHANGED : Verdict.UNKNOWN;
    }

    /** Known keys for {@code host} (of {@code type}, or all types when null), revoked ones left out. */
    public synchronized List<Entry> keysFor(String host, String type) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (!e.revoked() && hostMatches(e.hosts(), host) && (type == null || sameFamily(e.keyType(), type))) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Records {@code key} for {@code host} in the writable file (created 0600), unless it is
     * already known. Trust on first use only: callers must have seen {@link Verdict#UNKNOWN}.
     */
    public synchronized void add(String host, byte[] key) throws IOException {
        if (check(host, key) == Verdict.OK) {
            return;
        }
        if (writable == null) {
            throw new IOException("no writable known_hosts file");
        }
        if (!host.matches("[A-Za-z0-9._:%\\[\\]-]+")) {
            throw new IOException("refusing to record a key for the malformed host '" + host + "'");
        }
        Path dir = writable.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (!Files.exists(writable)) {
            Files.createFile(writable, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        String type = keyType(key);
        String line = host + " " + type + " " + Base64.getEncoder().encodeToString(key) + "\n";
        Files.writeString(writable, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        entries.add(new Entry(host, type, key, false, writable.toString()));
    }

    public Path writableFile() {
        return writable;
    }

    static boolean hostMatches(String hostsField, String host) {
        if (hostsField.startsWith("|1|")) {
            return hashedMatches(hostsField, host);
        }
        boolean matched = false;
        for (String pattern : hostsField.split(",")) {
            boolean negated = pattern.startsWith("!");
            String p = negated ? pattern.substring(1) : pattern;
            if (globMatches(p, host)) {
                if (negated) {
                    return false;
                }
                matched = true;
            }
        }
        return matched;
    }

    private static boolean globMatches(String pattern, String host) {
        if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) {
            return pattern.equalsIgnoreCase(host);
        }
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE).matcher(host).matches();
    }

    private static boolean hashedMatches(String field, String host) {
        String[] parts = field.split("\\|");
        if (parts.length != 4) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return MessageDigest.isEqual(expected, mac.doFinal(host.getBytes(StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException | NoSuchAlgorithmException | java.security.InvalidKeyException e) {
            return false;
        }
    }

    /** ECDSA curves and the RSA signature variants are one family each: a different key of the family is a change. */
    private static boolean sameFamily(String a, String b) {
        return family(a).equals(family(b));
    }

    private static String family(String type) {
        if (type.startsWith("rsa-sha2") || type.equals("ssh-rsa")) {
            return "rsa";
        }
        if (type.startsWith("ecdsa-sha2-")) {
            return "ecdsa";
        }
        return type;
    }

    /** The key type named at the start of an SSH public key blob. */
    public static String keyType(byte[] blob) {
        if (blob.length < 4) {
            return "unknown";
        }
        int len = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
        if (len <= 0 || len > blob.length - 4) {
            return "unknown";
        }
        return new String(blob, 4, len, StandardCharsets.US_ASCII);
    }

    /** OpenSSH's fingerprint: {@code SHA256:} and the unpadded base64 of the blob's SHA-256. */
    public static String fingerprint(byte[] blob) {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(dev.vigil.core.state.Hashing.sha256(blob));
    }

    /** e.g. "ED25519 SHA256:abc..." */
    public static String describe(byte[] blob) {
        String t = keyType(blob);
        String label = t.equals("ssh-ed25519") ? "ED25519" : t.startsWith("ecdsa") ? "ECDSA"
                : t.contains("rsa") ? "RSA" : t;
        return label + " " + fingerprint(blob);
    }
}
