package dev.meshrooms.lite.runtime;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Folders and files only this OS user may read or write: created with their final mode (no moment when another user
 * could open them), and checked before they are trusted. On file systems without POSIX permissions (Windows) the
 * user's profile folder is private already and the modes are skipped.
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {}

    /** Creates {@code dir} (and missing parents) with mode 700; an existing one is narrowed to 700 if it is ours. */
    public static Path directory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Path parent = dir.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try {
                    Files.createDirectory(dir, attribute(DIRECTORY));
                } catch (FileAlreadyExistsException raced) {
                    // another process made it meanwhile: checked below like any existing folder
                }
            }
            if (posix(dir)) {
                requireOwned(dir);
                if (!Files.getPosixFilePermissions(dir).equals(DIRECTORY)) {
                    Files.setPosixFilePermissions(dir, DIRECTORY);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    dir + " cannot be created as a private folder (" + e.getMessage()
                            + "); pass --data-dir with a folder of your own",
                    e);
        }
    }

    /**
     * Refuses a folder another user could change: owned by someone else, or writable by the group or by everyone.
     * Binaries are run from such folders, so a folder another user could plant a file in is never trusted.
     */
    public static void requireTrusted(Path dir, String what) {
        if (!posix(dir)) {
            return;
        }
        try {
            requireOwned(dir);
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
            if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new MeshException(
                        ErrorCode.CONFIGURATION,
                        what + " " + dir + " is writable by other users (mode "
                                + PosixFilePermissions.toString(mode) + "), so nothing in it is run; remove it (rm -rf "
                                + dir
                                + ") and start again, or run chmod 700 on it if you are sure it holds nothing planted");
            }
        } catch (IOException e) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION, what + " " + dir + " cannot be checked: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a secret into {@code file}: a new file created with mode 600 beside it, then moved into place, so the
     * secret is never readable by anyone else, not even for a moment.
     */
    public static void writeSecret(Path file, String content) {
        Path temp = null;
        try {
            temp = Files.createTempFile(
                    file.toAbsolutePath().getParent(), "." + file.getFileName(), ".new", attribute(FILE));
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "cannot write " + file + ": " + e.getMessage() + "; check that the data directory is writable",
                    e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // moved already, or the next write replaces it
                }
            }
        }
    }

    /** Creates {@code file} empty with mode 600 unless it exists; an existing one is narrowed to 600 if it was wider. */
    public static Path file(Path file) throws IOException {
        try {
            Files.createFile(file, attribute(FILE));
        } catch (FileAlreadyExistsException kept) {
            narrow(file);
        }
        return file;
    }

    private static void narrow(Path file) throws IOException {
        if (posix(file) && !Files.getPosixFilePermissions(file).equals(FILE)) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    /** A secret kept in {@code file}: read if it exists (narrowed to mode 600 if it was wider), else made and written. */
    public static String secret(Path file, java.util.function.Supplier<String> make) {
        try {
            if (Files.exists(file)) {
                narrow(file);
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
        } catch (IOException e) {
            throw new MeshException(ErrorCode.CONFIGURATION, "cannot read " + file + ": " + e.getMessage(), e);
        }
        String value = make.get();
        writeSecret(file, value + "\n");
        return value;
    }

    private static void requireOwned(Path path) throws IOException {
        Object owner = Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        long me = currentUid();
        if (me >= 0 && owner instanceof Integer uid && uid != me) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    path + " belongs to another user (uid " + uid
                            + "), so it is not used; remove it or choose another folder (--data-dir, MESH_CACHE_DIR)");
        }
    }

    /** This process's user id, read from a file it creates; -1 where there is none (Windows). */
    private static long currentUid() {
        return Uid.VALUE;
    }

    private static final class Uid {
        static final long VALUE = read();

        private static long read() {
            try {
                Path probe = Files.createTempFile("mesh-uid", ".probe");
                try {
                    return ((Integer) Files.getAttribute(probe, "unix:uid")).longValue();
                } finally {
                    Files.deleteIfExists(probe);
                }
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                return -1;
            }
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<?>[] attribute(Set<PosixFilePermission> mode) {
        return Path.of("")
                        .toAbsolutePath()
                        .getFileSystem()
                        .supportedFileAttributeViews()
                        .contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)}
                : new FileAttribute<?>[0];
    }
}
