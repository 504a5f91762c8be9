package dev.vigil.kbox;

import dev.vigil.core.inventory.Node;
import dev.vigil.core.transport.ExecResult;
import dev.vigil.core.transport.ShellQuote;
import dev.vigil.core.transport.Transport;
import dev.vigil.core.transport.TransportException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Collects the black-box records of one node: Kbox records, pstore records, kdump output (the
 * vmcore only on request and under a cap) and the previous boot's kernel log. Each record is listed
 * with its sha256 on the node, fetched only if the index does not have that hash yet, written to a
 * temporary file while hashed, and kept only if the hash matches: what is stored is what the node
 * had. pstore records are removed from the node (with --clear-pstore) only once stored and verified.
 */
public final class KboxCollector {
    public record Options(Instant since, boolean includeVmcore, boolean clearPstore, Duration timeout) {
    }

    /** A record fetched in this run. */
    public record Collected(String kind, String source, String stored, long size, CrashSummary summary) {
    }

    public record NodeReport(List<Collected> fresh, int known, int cleared, List<String> errors) {
    }

    static final int SUMMARY_LIMIT = 8 * 1024 * 1024;

    /** The previous boot's kernel log (what a crash left in a persistent journal). */
    public static final String PREVIOUS_BOOT = "command -v journalctl >/dev/null 2>&1 || exit 3; journalctl -k -b -1 -q --no-pager -o short-monotonic";

    private final KboxConfig config;
    private final RecordIndex index;
    private final Path outDir;
    private final Options options;

    public KboxCollector(KboxConfig config, RecordIndex index, Path outDir, Options options) {
        this.config = config;
        this.index = index;
        this.outDir = outDir;
        this.options = options;
    }

    /** The probe: one line per record, {@code kind|sha256|size|mtime|path}; unreadable ones {@code ERR|kind|path}. */
    public String listScript() {
        String since = options.since() == null ? "" : " -newermt @" + options.since().getEpochSecond();
        StringBuilder sb = new StringBuilder("h() { while IFS= read -r f; do if s=$(stat -c '%s|%Y' -- \"$f\" 2>/dev/null) "
                + "&& x=$(sha256sum -- \"$f\" 2>/dev/null); then printf '%s|%s|%s|%s\\n' \"$1\" \"${x%% *}\" \"$s\" \"$f\"; "
                + "else printf 'ERR|%s|%s\\n' \"$1\" \"$f\"; fi; done; }\n");
        find(sb, "kbox", config.kboxPaths(), "", since);
        find(sb, "pstore", config.pstorePaths(), "", since);
        String kdump = " \\( -name vmcore-dmesg.txt -o -name 'dmesg.*' -o -name kexec-dmesg.log"
                + (options.includeVmcore() ? " -o \\( -name vmcore -size -" + config.vmcoreMaxBytes() + "c \\)" : "") + " \\)";
        find(sb, "kdump", config.kdumpPaths(), kdump, since);
        return sb.append("exit 0").toString();
    }

    private static void find(StringBuilder sb, String kind, List<String> roots, String filter, String since) {
        for (String r : roots) {
            String q = ShellQuote.quote(r);
            sb.append("[ -e ").append(q).append(" ] && find ").append(q).append(" -xdev -type f").append(filter).append(since)
                    .append(" -print 2>/dev/null | h ").append(kind).append('\n');
        }
    }

    public NodeReport collect(Node node, Transport t) throws TransportException {
        List<Collected> fresh = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int known = 0;
        ExecResult list = t.exec(listScript(), options.timeout());
        if (!list.ok()) {
            throw new TransportException(dev.vigil.core.result.Outcome.FAILED, "listing crash records failed: "
                    + (list.timedOut() ? "timed out" : "exit " + list.exitCode() + " " + list.stderr().strip()));
        }
        List<String> verifiedPstore = new ArrayList<>();
        for (String line : list.stdout().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\\|", 5);
            if (f[0].equals("ERR")) {
                errors.add(line.substring(4).replaceFirst("\\|", ": ") + ": cannot be read");
                continue;
            }
            if (f.length != 5) {
                errors.add("unexpected listing line: " + line);
                continue;
            }
            String kind = f[0];
            String sha = f[1];
            long size = Long.parseLong(f[2]);
            long mtime = Long.parseLong(f[3]);
            String path = f[4];
            if (index.has(node.name(), sha)) {
                known++;
                if (kind.equals("pstore")) {
                    verifiedPstore.add(path);
                }
                continue;
            }
            try {
                Collected c = fetch(node, t, kind, path, sha, size, mtime);
                fresh.add(c);
                if (kind.equals("pstore")) {
                    verifiedPstore.add(path);
                }
            } catch (IOException e) {
                errors.add(path + ": " + e.getMessage());
            } catch (TransportException e) {
                errors.add(path + ": " + e.getMessage());
            }
        }
        try {
            Collected journal = previousBoot(node, t);
            if (journal != null) {
                fresh.add(journal);
            }
        } catch (IOException e) {
            errors.add("previous boot's kernel log: " + e.getMessage());
        }
        int cleared = 0;
        if (options.clearPstore() && !verifiedPstore.isEmpty()) {
            List<String> quoted = verifiedPstore.stream().map(ShellQuote::quote).toList();
            ExecResult rm = t.exec("rm -f -- " + String.join(" ", quoted) + "; for f in " + String.join(" ", quoted)
                    + "; do [ -e \"$f\" ] && echo \"$f\"; done; exit 0", options.timeout());
            List<String> left = rm.stdout().isBlank() ? List.of() : List.of(rm.stdout().strip().split("\n"));
            cleared = verifiedPstore.size() - left.size();
            left.forEach(p -> errors.add(p + ": could not be removed from pstore"));
        }
        return new NodeReport(fresh, known, cleared, errors);
    }

    private Collected fetch(Node node, Transport t, String kind, String path, String sha, long size, long mtime)
            throws IOException, TransportException {
        Path dest = destination(node, path);
        dev.vigil.core.state.PrivateFiles.dirs(dest.getParent());
        Path part = dest.resolveSibling(dest.getFileName() + ".part");
        MessageDigest md = sha256();
        try (OutputStream out = new DigestOutputStream(dev.vigil.core.state.PrivateFiles.create(part), md)) {
            t.read(path, out, options.timeout());
        } catch (TransportException | IOException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        String got = HexFormat.of().formatHex(md.digest());
        if (!got.equals(sha)) {
            Files.deleteIfExists(part);
            throw new IOException("changed while it was read (sha256 " + sha.substring(0, 12) + " listed, " + got.substring(0, 12)
                    + " fetched); it will be fetched again next run");
        }
        Files.move(part, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        CrashSummary summary = path.endsWith("/vmcore") ? null : summarize(dest);
        String stored = outDir.relativize(dest).toString();
        index.add(node.name(), sha, new RecordIndex.Entry(kind, path, stored, size, mtime, Instant.now().toString(), summary));
        return new Collected(kind, path, stored, size, summary);
    }

    private Collected previousBoot(Node node, Transport t) throws TransportException, IOException {
        ExecResult r = t.exec(PREVIOUS_BOOT, options.timeout());
        if (!r.ok() || r.stdout().isBlank()) {
            return null;
        }
        byte[] bytes = r.stdout().getBytes(StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(sha256().digest(bytes));
        if (index.has(node.name(), sha)) {
            return null;
        }
        Path dest = destination(node, "/journal/kernel-previous-boot-" + sha.substring(0, 12) + ".txt");
        dev.vigil.core.state.PrivateFiles.dirs(dest.getParent());
        dev.vigil.core.state.AtomicFiles.write(dest, bytes);
        CrashSummary summary = CrashSummary.of(r.stdout());
        String stored = outDir.relativize(dest).toString();
        index.add(node.name(), sha, new RecordIndex.Entry("journal", "journalctl -k -b -1", stored, bytes.length,
                Instant.now().getEpochSecond(), Instant.now().toString(), summary));
        return new Collected("journal", "journalctl -k -b -1", stored, bytes.length, summary);
    }

    /** Where a node's file is stored: under the node's directory, its absolute path kept; never outside it. */
    Path destination(Node node, String remotePath) throws IOException {
        Path nodeDir = outDir.resolve(safeName(node.name())).normalize();
        Path dest = nodeDir.resolve(remotePath.replaceFirst("^/+", "")).normalize();
        if (!dest.startsWith(nodeDir) || dest.equals(nodeDir)) {
            throw new IOException("refusing to store '" + remotePath + "' outside the node's directory");
        }
        return dest;
    }

    public static String safeName(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.startsWith(".") ? "_" + s : s;
    }

    private static CrashSummary summarize(Path file) throws IOException {
        byte[] head;
        try (var in = Files.newInputStream(file)) {
            head = in.readNBytes(SUMMARY_LIMIT);
        }
        for (byte b : head) {
            if (b == 0) {
                return null;
            }
        }
        return CrashSummary.of(new String(head, StandardCharsets.UTF_8));
    }

    static MessageDigest sha256() {
        return dev.vigil.core.state.Hashing.sha256();
    }

    public static String describe(NodeReport r) {
        return String.format(Locale.ROOT, "%d new, %d already collected%s", r.fresh().size(), r.known(),
                r.cleared() > 0 ? ", " + r.cleared() + " cleared from pstore" : "");
    }
}
