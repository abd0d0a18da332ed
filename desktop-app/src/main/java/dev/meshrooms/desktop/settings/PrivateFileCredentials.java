package dev.meshrooms.desktop.settings;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.lite.runtime.PrivateFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Tokens in a file only this user may read, where the OS has no credential store that answers: JSON
 * {@code {"<cloud address>": "<token>"}} in the app's config folder (made mode 700), the file created with mode 600 (a
 * new file beside it, then moved in place: never readable by others, not even for a moment). A file found wider is
 * narrowed to 600 before it is read.
 */
public final class PrivateFileCredentials implements CloudCredentials {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private final Path file;

    public PrivateFileCredentials(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized Optional<String> token(URI cloud) {
        return Optional.ofNullable(read().get(cloud.toString()));
    }

    @Override
    public synchronized void store(URI cloud, String token) {
        Map<String, String> tokens = read();
        tokens.put(cloud.toString(), token);
        write(tokens);
    }

    @Override
    public synchronized void remove(URI cloud) {
        Map<String, String> tokens = read();
        if (tokens.remove(cloud.toString()) != null) {
            write(tokens);
        }
    }

    @Override
    public String where() {
        return file + " (readable only by you; this computer has no credential store that answers)";
    }

    private Map<String, String> read() {
        if (!Files.exists(file)) {
            return new TreeMap<>();
        }
        try {
            if (posix() && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
            return new TreeMap<>(JSON.readValue(file.toFile(), new TypeReference<Map<String, String>>() {}));
        } catch (IOException e) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "The cloud tokens in " + file + " cannot be read (" + e.getMessage() + "); delete the file and"
                            + " add the cloud accounts again.",
                    e);
        }
    }

    private void write(Map<String, String> tokens) {
        PrivateFiles.directory(file.toAbsolutePath().getParent());
        try {
            PrivateFiles.writeSecret(file, JSON.writeValueAsString(tokens) + "\n");
        } catch (IOException e) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION, "The cloud tokens could not be written to " + file + ": " + e, e);
        }
    }

    private boolean posix() {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
