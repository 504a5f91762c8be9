package dev.vigil.core.state;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories of the state dir: directories 0700, files 0600, set when they are
 * created (never created wider and narrowed later), whatever the process's umask.
 */
public final class PrivateFiles {
    private static final FileAttribute<Set<PosixFilePermission>> DIR = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> FILE = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private PrivateFiles() {
    }

    /** The directory and any missing parents, each made 0700. */
    public static Path dirs(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, DIR);
        }
        return dir;
    }

    /** A stream that appends to the file, which is created 0600 when it is new. */
    public static OutputStream append(Path file) throws IOException {
        createIfMissing(file);
        return Files.newOutputStream(file, StandardOpenOption.APPEND);
    }

    /** A stream that writes the file from the start (truncating it); created 0600 when it is new. */
    public static OutputStream create(Path file) throws IOException {
        createIfMissing(file);
        return Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    public static void writeString(Path file, String text) throws IOException {
        try (OutputStream out = create(file)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void createIfMissing(Path file) throws IOException {
        if (file.getParent() != null) {
            dirs(file.getParent());
        }
        try {
            Files.createFile(file, FILE);
        } catch (FileAlreadyExistsException exists) {
            // appended to or rewritten as it is
        }
    }
}
