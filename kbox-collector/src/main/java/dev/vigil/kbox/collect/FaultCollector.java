package dev.vigil.kbox.collect;

import dev.vigil.core.inventory.Node;
import dev.vigil.core.transport.ShellQuote;
import dev.vigil.core.transport.Transport;
import dev.vigil.core.transport.TransportException;
import dev.vigil.kbox.KboxCollector;
import dev.vigil.kbox.KboxConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Gathers one node's items into a staging directory ({@code <staging>/<node>/<item>/...}) and
 * returns their manifest entries. Every item is recorded whatever happens to it: a missing path is
 * absent, an unreadable one an error, a big one truncated at its cap, a slow command timed out; the
 * node's collection always completes.
 */
public final class FaultCollector {
    private final Profile profile;
    private final List<Profile.Item> common;
    private final Path staging;
    private final Redactor redactor;

    public FaultCollector(Profile profile, KboxConfig kbox, Instant since, Path staging, Redactor redactor) {
        this.profile = profile;
        this.common = commonItems(kbox, since);
        this.staging = staging;
        this.redactor = redactor;
    }

    /** What every profile gathers: the runtime environment, system logs in the window, virtualization facts, black-box records. */
    static List<Profile.Item> commonItems(KboxConfig kbox, Instant since) {
        List<String> blackBox = new ArrayList<>();
        for (String p : kbox.kboxPaths()) {
            blackBox.add(p);
            blackBox.add(p + "/*");
            blackBox.add(p + "/*/*");
        }
        for (String p : kbox.pstorePaths()) {
            blackBox.add(p + "/*");
            blackBox.add(p + "/*/*");
        }
        for (String p : kbox.kdumpPaths()) {
            blackBox.add(p + "/*/vmcore-dmesg.txt");
            blackBox.add(p + "/*/dmesg.*");
            blackBox.add(p + "/*/kexec-dmesg.log");
        }
        long epoch = since.getEpochSecond();
        return List.of(
                new Profile.Item("environment", null, "uname -a; echo; cat /etc/os-release 2>/dev/null; echo; uptime; echo; nproc; "
                        + "lscpu 2>/dev/null | head -n 25; echo; free -m 2>/dev/null || cat /proc/meminfo; echo; df -hP; echo; cat /proc/mounts; "
                        + "echo; ip addr 2>/dev/null; ip route 2>/dev/null; echo; (rpm -qa 2>/dev/null || dpkg-query -W 2>/dev/null) | "
                        + "grep -i -E 'kernel|linux-image|qemu|libvirt|xen|openssh|chrony|ntp' | head -n 100", null, null, "60s"),
                new Profile.Item("system-logs", null, systemLogsCommand(epoch, SYSTEM_LOG_FILES), null, 32L * 1024 * 1024, "120s"),
                new Profile.Item("virtualization", null, "virsh list --all 2>/dev/null; xl list 2>/dev/null; "
                        + "ps -e -o pid,etime,args | grep -E '[q]emu|[k]vm' | head -n 200; exit 0", null, null, "60s"),
                new Profile.Item("black-box", blackBox, null, null, 64L * 1024 * 1024, "120s"));
    }

    static final List<String> SYSTEM_LOG_FILES = List.of("/var/log/messages", "/var/log/syslog");

    /**
     * The journal since {@code epoch} when it has entries, and the classic log files too: a node
     * whose journalctl exists but whose journal is empty or volatile (lost at the crash) keeps its
     * lines in /var/log/messages, and support needs them.
     */
    static String systemLogsCommand(long epoch, List<String> files) {
        StringBuilder sb = new StringBuilder("if command -v journalctl >/dev/null 2>&1 && [ -n \"$(journalctl -q --no-pager -n 1 -o cat 2>/dev/null"
                + " | head -c 1)\" ]; then echo \"== journal\"; journalctl --no-pager -q -o short-iso --since @" + epoch + "; fi; for f in");
        files.forEach(f -> sb.append(' ').append(dev.vigil.core.transport.ShellQuote.quote(f)));
        return sb.append("; do [ -r \"$f\" ] && echo \"== $f\" && tail -n 20000 \"$f\"; done; exit 0").toString();
    }

    /** The items gathered from the node itself over SSH (the common ones and the profile's, for its groups), in order. */
    public List<Profile.Item> inBandItems(Node node) {
        List<Profile.Item> items = new ArrayList<>();
        for (Profile.Item item : common) {
            if (item.appliesTo(node.groups())) {
                items.add(item);
            }
        }
        for (Profile.Item item : profile.items()) {
            if (item.appliesTo(node.groups()) && item.bmc() == null) {
                items.add(item);
            }
        }
        return items;
    }

    public List<ManifestEntry> collect(Node node, Transport t) {
        List<ManifestEntry> out = new ArrayList<>();
        for (Profile.Item item : inBandItems(node)) {
            if (item.command() != null) {
                out.add(command(node, t, item));
            } else {
                out.addAll(files(node, t, item));
            }
        }
        return out;
    }

    /** Whether the profile reads any node's BMC (then the readers are opened; otherwise no BMC is touched). */
    public boolean readsBmc() {
        return profile.items().stream().anyMatch(i -> i.bmc() != null);
    }

    /**
     * The profile's BMC items for one node, read from the controller through its BMC: gathered whether the
     * node answers over SSH or not (a node that is down is when its sensors and SEL matter most).
     */
    public List<ManifestEntry> collectOutOfBand(Node node, dev.vigil.core.bmc.BmcReaders bmc) {
        List<ManifestEntry> out = new ArrayList<>();
        for (Profile.Item item : profile.items()) {
            if (item.bmc() == null || !item.appliesTo(node.groups())) {
                continue;
            }
            String start = Instant.now().toString();
            String source = "bmc " + (node.bmc() == null ? "(none)" : node.bmc().type().label() + " " + node.bmc().address()) + " " + item.bmc();
            if (node.bmc() == null) {
                out.add(new ManifestEntry(node.name(), item.name(), source, null, start, Instant.now().toString(), null, 0, null, false, "absent",
                        "no BMC in the inventory for this node"));
                continue;
            }
            String rel = KboxCollector.safeName(node.name()) + "/" + item.name() + "/bmc-" + item.bmc() + ".json";
            Path dest = staging.resolve(rel);
            try {
                Object reading;
                try (dev.vigil.core.bmc.BmcReader r = bmc.open(node)) {
                    reading = item.bmc().equals("sensors") ? r.sensors() : r.events();
                }
                Files.createDirectories(dest.getParent());
                CappedFile sink = new CappedFile(dest, item.cap());
                try (sink) {
                    sink.write(dev.vigil.core.config.Yaml.jsonMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(reading));
                }
                long bytes = finish(dest);
                out.add(new ManifestEntry(node.name(), item.name(), source, rel, start, Instant.now().toString(), null, bytes, sha256(dest),
                        sink.truncated(), "ok", null));
            } catch (dev.vigil.core.bmc.BmcReadException | IOException e) {
                out.add(new ManifestEntry(node.name(), item.name(), source, null, start, Instant.now().toString(), null, 0, null, false,
                        e instanceof dev.vigil.core.bmc.BmcReadException b && b.unreachable() ? "unreachable" : "error", e.getMessage()));
            }
        }
        return out;
    }

    private ManifestEntry command(Node node, Transport t, Profile.Item item) {
        String start = Instant.now().toString();
        String rel = KboxCollector.safeName(node.name()) + "/" + item.name() + "/command-output.txt";
        Path dest = staging.resolve(rel);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            Files.createDirectories(dest.getParent());
            CappedFile sink = new CappedFile(dest, item.cap());
            Integer code = null;
            String status;
            String error = null;
            try (sink) {
                code = t.run(item.command(), null, sink, err, item.deadline());
                status = code == 0 ? "ok" : "failed";
                if (code != 0) {
                    error = "exit " + code + (err.size() > 0 ? ": " + firstLine(err.toString(StandardCharsets.UTF_8)) : "");
                }
            } catch (Transport.CommandTimeoutException e) {
                status = "timed-out";
                error = e.getMessage();
            }
            long bytes = finish(dest);
            return new ManifestEntry(node.name(), item.name(), item.command(), rel, start, Instant.now().toString(), code, bytes,
                    sha256(dest), sink.truncated(), status, error);
        } catch (TransportException | IOException e) {
            return new ManifestEntry(node.name(), item.name(), item.command(), null, start, Instant.now().toString(), null, 0, null,
                    false, "error", e.getMessage());
        }
    }

    private List<ManifestEntry> files(Node node, Transport t, Profile.Item item) {
        List<ManifestEntry> out = new ArrayList<>();
        String start = Instant.now().toString();
        String source = String.join(" ", item.files());
        StringBuilder list = new StringBuilder("IFS='\n'; for g in");
        item.files().forEach(g -> list.append(' ').append(ShellQuote.quote(g)));
        // NUL-terminated records: a name may hold a newline or bytes that are not UTF-8
        list.append("; do for f in $g; do [ -f \"$f\" ] || continue; if [ -r \"$f\" ]; then printf 'F|%s|%s\\0' "
                + "\"$(stat -c %s -- \"$f\")\" \"$f\"; else printf 'U|%s\\0' \"$f\"; fi; done; done; exit 0");
        java.io.ByteArrayOutputStream listed = new java.io.ByteArrayOutputStream();
        try {
            t.run(list.toString(), null, listed, OutputStream.nullOutputStream(), item.deadline());
        } catch (Transport.CommandTimeoutException e) {
            out.add(new ManifestEntry(node.name(), item.name(), source, null, start, Instant.now().toString(), null, 0, null, false,
                    "timed-out", "listing the files did not finish"));
            return out;
        } catch (TransportException e) {
            out.add(new ManifestEntry(node.name(), item.name(), source, null, start, Instant.now().toString(), null, 0, null, false,
                    "error", e.getMessage()));
            return out;
        }
        java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        for (String line : dev.vigil.core.text.RawNames.splitNul(listed.toByteArray())) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("U|")) {
                String path = line.substring(2);
                if (seen.add(path)) {
                    out.add(new ManifestEntry(node.name(), item.name(), path, null, start, Instant.now().toString(), null, 0, null, false,
                            "error", "permission denied"));
                }
                continue;
            }
            String[] f = line.split("\\|", 3);
            if (f.length == 3 && seen.add(f[2])) {
                out.add(file(node, t, item, f[2], Long.parseLong(f[1])));
            }
        }
        if (out.isEmpty()) {
            out.add(new ManifestEntry(node.name(), item.name(), source, null, start, Instant.now().toString(), null, 0, null, false,
                    "absent", "no such file"));
        }
        return out;
    }

    private ManifestEntry file(Node node, Transport t, Profile.Item item, String path, long size) {
        String start = Instant.now().toString();
        // the staged name is printable (escaped bytes and control characters as \xNN); the manifest keeps the real one
        String rel = KboxCollector.safeName(node.name()) + "/" + item.name() + "/"
                + dev.vigil.core.text.RawNames.display(path.replaceFirst("^/+", "")).replace("..", "__");
        Path dest = staging.resolve(rel).normalize();
        try {
            if (!dest.startsWith(staging)) {
                throw new IOException("refusing a path outside the bundle");
            }
            Files.createDirectories(dest.getParent());
            boolean truncated = size > item.cap();
            int code;
            try (OutputStream sink = Files.newOutputStream(dest)) {
                // the name goes as data on stdin, byte for byte, never through the command line's text
                byte[] arg = dev.vigil.core.text.RawNames.nulSeparated(List.of(path));
                code = t.run("xargs -0 head -c " + item.cap() + " --", new java.io.ByteArrayInputStream(arg), sink, OutputStream.nullOutputStream(),
                        item.deadline());
            }
            long bytes = finish(dest);
            String status = code == 0 ? "ok" : "error";
            return new ManifestEntry(node.name(), item.name(), path, rel, start, Instant.now().toString(), code, bytes, sha256(dest),
                    truncated, status, code == 0 ? (truncated ? "truncated at " + item.cap() + " of " + size + " bytes" : null) : "read failed");
        } catch (Transport.CommandTimeoutException e) {
            return new ManifestEntry(node.name(), item.name(), path, rel, start, Instant.now().toString(), null, 0, null, true,
                    "timed-out", e.getMessage());
        } catch (TransportException | IOException e) {
            return new ManifestEntry(node.name(), item.name(), path, null, start, Instant.now().toString(), null, 0, null, false,
                    "error", e.getMessage());
        }
    }

    /** Applies redaction to a stored text file; returns its final size. */
    private long finish(Path file) throws IOException {
        if (redactor != null) {
            byte[] b = Files.readAllBytes(file);
            boolean binary = false;
            for (int i = 0; i < Math.min(b.length, 8192); i++) {
                if (b[i] == 0) {
                    binary = true;
                    break;
                }
            }
            if (!binary) {
                Files.writeString(file, redactor.redact(new String(b, StandardCharsets.UTF_8)));
            }
        }
        return Files.size(file);
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md = dev.vigil.core.state.Hashing.sha256();
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    /** A file sink that keeps the first {@code cap} bytes and notes whether more came. */
    static final class CappedFile extends OutputStream {
        private final OutputStream out;
        private final long cap;
        private long written;
        private boolean truncated;

        CappedFile(Path file, long cap) throws IOException {
            this.out = new java.io.BufferedOutputStream(Files.newOutputStream(file));
            this.cap = cap;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            long room = cap - written;
            if (len > room) {
                truncated = true;
            }
            int n = (int) Math.max(0, Math.min(len, room));
            out.write(b, off, n);
            written += n;
        }

        boolean truncated() {
            return truncated;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
