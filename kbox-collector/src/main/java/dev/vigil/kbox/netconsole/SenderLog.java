package dev.vigil.kbox.netconsole;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** One sender's log file, appended to and rotated by size: name.log, name.log.1 ... name.log.KEEP. */
final class SenderLog implements AutoCloseable {
    private final Path file;
    private final long rotateBytes;
    private final int keep;
    private OutputStream out;
    private long size;

    SenderLog(Path file, long rotateBytes, int keep) throws IOException {
        this.file = file;
        this.rotateBytes = rotateBytes;
        this.keep = keep;
        open();
    }

    private void open() throws IOException {
        out = new BufferedOutputStream(dev.vigil.core.state.PrivateFiles.append(file), 64 * 1024);
        size = Files.size(file);
    }

    void write(String line) throws IOException {
        byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
        if (size + b.length > rotateBytes && size > 0) {
            rotate();
        }
        out.write(b);
        size += b.length;
    }

    private void rotate() throws IOException {
        out.close();
        for (int i = keep - 1; i >= 1; i--) {
            Path from = Path.of(file + "." + i);
            if (Files.exists(from)) {
                Files.move(from, Path.of(file + "." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, Path.of(file + ".1"), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
