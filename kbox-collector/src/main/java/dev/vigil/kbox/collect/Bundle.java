package dev.vigil.kbox.collect;

import dev.vigil.core.config.Yaml;
import dev.vigil.kbox.CrashSummary;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes the run's archive: the staged {@code <node>/<item>/...} files, {@code manifest.json} and
 * {@code SUMMARY.txt}, under one top-level directory named as the archive (as sos does, so unpacking it
 * never scatters files into the current directory), as one .tar.gz that appears whole (written to a
 * temporary name, renamed), readable by the operator only.
 */
public final class Bundle {
    private Bundle() {
    }

    public record Unreachable(String node, String outcome, String message) {
    }

    public static String summary(String profile, String description, String start, String end, String since, List<String> nodes,
                                 List<Unreachable> unreachable, List<ManifestEntry> entries, Path staging, Redactor redactor) {
        StringBuilder sb = new StringBuilder();
        sb.append("Vigil fault collection: profile ").append(profile).append(" (").append(description).append(")\n");
        sb.append("Run ").append(start).append(" to ").append(end).append("; logs since ").append(since).append("\n");
        sb.append("Nodes: ").append(nodes.size()).append(" (").append(nodes.size() - unreachable.size()).append(" collected, ")
                .append(unreachable.size()).append(" not reached)\n");
        for (Unreachable u : unreachable) {
            sb.append("  ").append(u.node()).append(": ").append(u.outcome()).append(": ").append(u.message()).append('\n');
        }
        Map<String, Long> byStatus = new LinkedHashMap<>();
        entries.forEach(e -> byStatus.merge(e.status(), 1L, Long::sum));
        long truncated = entries.stream().filter(ManifestEntry::truncated).count();
        sb.append("Items: ").append(entries.size());
        byStatus.forEach((k, v) -> sb.append(", ").append(v).append(' ').append(k));
        sb.append(", ").append(truncated).append(" truncated\n");
        List<ManifestEntry> problems = entries.stream().filter(e -> !e.status().equals("ok") && !e.status().equals("absent")).toList();
        if (!problems.isEmpty()) {
            sb.append("\nWhat did not work:\n");
            for (ManifestEntry e : problems) {
                sb.append("  ").append(e.node()).append(' ').append(e.item()).append(" (").append(abbrev(e.source())).append("): ")
                        .append(e.status()).append(e.error() == null ? "" : " - " + e.error()).append('\n');
            }
        }
        List<String> crashes = new ArrayList<>();
        for (ManifestEntry e : entries) {
            if (e.item().equals("black-box") && e.file() != null && e.status().equals("ok")) {
                try {
                    CrashSummary s = CrashSummary.of(Files.readString(staging.resolve(e.file()), StandardCharsets.UTF_8));
                    if (s != null) {
                        crashes.add("  " + e.node() + " " + e.source() + ":\n    " + s.oneLine()
                                + (s.trace().isEmpty() ? "" : "\n      " + String.join("\n      ", s.trace())));
                    }
                } catch (IOException | java.io.UncheckedIOException ignored) {
                    // a binary record (a vmcore) has no text summary
                }
            }
        }
        sb.append("\nCrash summaries (black-box records):\n").append(crashes.isEmpty() ? "  none found\n" : String.join("\n", crashes) + "\n");
        sb.append("\nRedaction: ").append(redactor == null ? "off" : "on, " + redactor.masked() + " values masked"
                + (redactor.mapping().isEmpty() ? "" : "; host/IP mapping kept outside this archive")).append('\n');
        sb.append("\nmanifest.json lists every item: node, source, start/end, exit status, bytes, sha256, truncated, error.\n");
        return sb.toString();
    }

    private static String abbrev(String s) {
        return s == null ? "" : s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    /** With a redactor, the summary and manifest are masked too: a profile's command line may carry a secret. */
    public static Path write(Path archive, Path staging, List<ManifestEntry> entries, String summary, Redactor redactor) throws IOException {
        dev.vigil.core.state.PrivateFiles.dirs(archive.getParent());
        String manifest = Yaml.jsonMapper().writerWithDefaultPrettyPrinter().writeValueAsString(entries);
        Files.writeString(staging.resolve("SUMMARY.txt"), redactor == null ? summary : redactor.redact(summary));
        Files.writeString(staging.resolve("manifest.json"), redactor == null ? manifest : redactor.redact(manifest));
        Path tmp = archive.resolveSibling("." + archive.getFileName() + ".part");
        try (OutputStream fo = Files.newOutputStream(tmp);
             GzipCompressorOutputStream gz = new GzipCompressorOutputStream(new java.io.BufferedOutputStream(fo, 1 << 16));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            String top = topDirectory(archive);
            List<Path> files;
            try (Stream<Path> s = Files.walk(staging)) {
                files = s.filter(Files::isRegularFile).sorted(Comparator.comparing(p -> order(staging.relativize(p).toString()))).toList();
            }
            for (Path f : files) {
                // name, size, mode and time only: extra PAX headers (creation time) make GNU tar warn
                // with --redact-hosts, node names and addresses leave the archive's paths too, as its manifest lists them
                String name = staging.relativize(f).toString();
                TarArchiveEntry e = new TarArchiveEntry(top + "/" + (redactor == null ? name : redactor.redactPath(name)));
                e.setSize(Files.size(f));
                e.setModTime(Files.getLastModifiedTime(f).toMillis());
                e.setMode(0100600);
                tar.putArchiveEntry(e);
                Files.copy(f, tar);
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return archive;
    }

    /** The archive's one top-level directory: its file name without .tar.gz. */
    public static String topDirectory(Path archive) {
        return archive.getFileName().toString().replaceFirst("\\.tar\\.gz$", "");
    }

    /** SUMMARY.txt and manifest.json first: what a person opens first comes first. */
    private static String order(String rel) {
        return rel.equals("SUMMARY.txt") ? "0" : rel.equals("manifest.json") ? "1" : "2" + rel;
    }
}
