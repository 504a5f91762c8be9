package dev.vigil.backup.target;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A directory on the controller: the embedded default, or a mounted file share. Files 0600, directories 0700. */
public final class LocalTarget implements Target {
    private final Path root;
    private final String display;

    public LocalTarget(Path root, String display) {
        this.root = root.toAbsolutePath().normalize();
        this.display = display;
    }

    @Override
    public String display() {
        return display;
    }

    @Override
    public Session open(boolean create) throws IOException {
        if (!create && !Files.isDirectory(root)) {
            throw new NoSuchFileException(display + " does not exist (nothing was created): is the share mounted, the path right?");
        }
        if (!Files.isDirectory(root)) {
            Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return new Session() {
            @Override
            public OutputStream create(String path) throws IOException {
                Path p = resolve(path);
                OutputStream out = Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
                return out;
            }

            @Override
            public InputStream open(String path) throws IOException {
                return Files.newInputStream(resolve(path));
            }

            @Override
            public long size(String path) throws IOException {
                Path p = resolve(path);
                return Files.isRegularFile(p) ? Files.size(p) : -1;
            }

            @Override
            public void rename(String from, String to) throws IOException {
                Path target = resolve(to);
                if (Files.exists(target)) {
                    throw new FileAlreadyExistsException(to);
                }
                Files.move(resolve(from), target, StandardCopyOption.ATOMIC_MOVE);
            }

            @Override
            public void delete(String path) throws IOException {
                Files.deleteIfExists(resolve(path));
            }

            @Override
            public boolean mkdir(String path) throws IOException {
                try {
                    Files.createDirectory(resolve(path), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                    return true;
                } catch (FileAlreadyExistsException e) {
                    return false;
                }
            }

            @Override
            public void rmdir(String path) throws IOException {
                try {
                    Files.deleteIfExists(resolve(path));
                } catch (DirectoryNotEmptyException e) {
                    throw new IOException("directory not empty: " + path, e);
                }
            }

            @Override
            public List<String> list(String dir) throws IOException {
                Path d = resolve(dir);
                if (!Files.isDirectory(d)) {
                    return List.of();
                }
                List<String> names = new ArrayList<>();
                try (Stream<Path> s = Files.list(d)) {
                    s.forEach(p -> names.add(p.getFileName().toString()));
                }
                names.sort(null);
                return names;
            }

            @Override
            public void close() {
            }
        };
    }

    private Path resolve(String path) throws IOException {
        Path p = root.resolve(path).normalize();
        if (!p.startsWith(root)) {
            throw new NoSuchFileException(path, null, "outside the target");
        }
        return p;
    }
}
