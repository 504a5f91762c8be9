package dev.vigil.core.state;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes state files so a reader sees the old content or the new, never half of one: a temporary
 * file in the same directory, created readable by the owner only, fsynced, then renamed over the
 * target.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, byte[] content) throws IOException {
        write(target, out -> out.write(content));
    }

    public static void write(Path target, Writer writer) throws IOException {
        write(target, writer, "rw-------");
    }

    /**
     * As {@link #write(Path, Writer)}, with an explicit mode for files meant for other users (e.g. a
     * Prometheus textfile that an unprivileged node_exporter reads: "rw-r--r--"); set on the temporary
     * file before the rename, so the target never has another mode.
     */
    public static void write(Path target, byte[] content, String mode) throws IOException {
        write(target, out -> out.write(content), mode);
    }

    public static void write(Path target, Writer writer, String mode) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        PrivateFiles.dirs(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        if (!mode.equals("rw-------")) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(mode));
        }
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                writer.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
