package dev.vigil.backup;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Writing under a restore directory without ever leaving it. Every component below the root is
 * examined without following links: a directory is used, anything else in the way (a symlink an
 * earlier restore left, a file) is removed and replaced by a directory this restore made. So a link
 * inside the restore directory can never carry a write outside it.
 */
final class SafePaths {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SafePaths() {
    }

    /** Makes {@code dir} (under {@code root}, or root itself) and its parents real directories; returns it. */
    static Path directory(Path root, Path dir) throws IOException {
        if (!dir.startsWith(root)) {
            throw new IOException("refusing to write outside the restore directory: " + dir);
        }
        Path at = root;
        for (Path part : root.relativize(dir)) {
            if (part.toString().isEmpty()) {
                continue;
            }
            at = at.resolve(part);
            for (int attempt = 0; ; attempt++) {
                BasicFileAttributes a = attributes(at);
                if (a != null && a.isDirectory()) {
                    break;
                }
                if (a != null) {
                    // a symlink or a file where the point has a directory: replaced, never followed
                    Files.delete(at);
                }
                try {
                    Files.createDirectory(at);
                    break;
                } catch (FileAlreadyExistsException raced) {
                    if (attempt > 3) {
                        throw raced;
                    }
                }
            }
        }
        return dir;
    }

    /** A new, unused name in {@code dir} for writing {@code name} before it is renamed into place. */
    static Path temporary(Path dir, String name) {
        byte[] r = new byte[4];
        RANDOM.nextBytes(r);
        String base = name.length() > 180 ? name.substring(0, 180) : name;
        return dir.resolve(".vigil-restore-" + HexFormat.of().formatHex(r) + "-" + base);
    }

    /** Removes a directory tree without following the links inside it. */
    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
