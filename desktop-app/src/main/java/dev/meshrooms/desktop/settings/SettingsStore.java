package dev.meshrooms.desktop.settings;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads and writes {@code settings.json}; a missing or unreadable file gives the defaults (and a warning in the log). */
public final class SettingsStore {
    private static final Logger LOG = LoggerFactory.getLogger(SettingsStore.class);
    private final Path file;

    public SettingsStore(Path file) {
        this.file = file;
    }

    /** Made on first use: without a settings file (first run) start-up does not pay for Jackson. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    public Path file() {
        return file;
    }

    /** The file's shape: plain strings and numbers, so people can edit it. */
    record Stored(String dataDir, Integer port, Boolean startAtLogin, String theme) {}

    public DesktopSettings load() {
        if (!Files.isRegularFile(file)) {
            return DesktopSettings.DEFAULTS;
        }
        try {
            Stored s = Json.MAPPER.readValue(file.toFile(), Stored.class);
            DesktopSettings d = DesktopSettings.DEFAULTS;
            return new DesktopSettings(
                            s.dataDir() == null || s.dataDir().isBlank() ? null : Path.of(s.dataDir()),
                            s.port() == null ? d.port() : s.port(),
                            s.startAtLogin() != null && s.startAtLogin(),
                            Theme.ofId(s.theme()))
                    .validate();
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "{} could not be read ({}); using the default settings until you save new ones",
                    file,
                    e.getMessage());
            return DesktopSettings.DEFAULTS;
        }
    }

    public void save(DesktopSettings settings) {
        settings.validate();
        Stored s = new Stored(
                settings.dataDir() == null ? null : settings.dataDir().toString(),
                settings.port(),
                settings.startAtLogin(),
                settings.theme().id());
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Json.MAPPER.writeValue(temp.toFile(), s);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "settings could not be saved to " + file + " (" + e.getMessage()
                            + "); check that the folder is writable",
                    e);
        }
    }
}
