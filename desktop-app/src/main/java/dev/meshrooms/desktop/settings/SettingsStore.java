package dev.meshrooms.desktop.settings;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
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

    /** The file's shape: plain strings and numbers, so people can edit it. Cloud accounts hold no token. */
    record Stored(String dataDir, Integer port, Boolean startAtLogin, String theme, List<StoredCloud> clouds) {}

    /** A cloud account as kept in the file: its name and address (its token is in {@link CloudCredentials}). */
    record StoredCloud(String name, String url) {}

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
                settings.theme().id(),
                java.util.Objects.requireNonNullElse(stored().clouds(), List.of()));
        write(s);
    }

    /** The cloud accounts (names and addresses); a missing or broken file has none. */
    public List<CloudAccount> loadClouds() {
        List<StoredCloud> clouds = stored().clouds();
        List<CloudAccount> accounts = new ArrayList<>();
        for (StoredCloud cloud : clouds == null ? List.<StoredCloud>of() : clouds) {
            try {
                accounts.add(new CloudAccount(cloud.name(), URI.create(cloud.url())));
            } catch (RuntimeException e) {
                LOG.warn("{}: cloud account {} is skipped ({})", file, cloud, e.getMessage());
            }
        }
        return accounts;
    }

    /** Keeps {@code accounts} as the cloud accounts, the other settings as they are in the file. */
    public void saveClouds(List<CloudAccount> accounts) {
        Stored now = stored();
        write(new Stored(
                now.dataDir(),
                now.port(),
                now.startAtLogin(),
                now.theme(),
                accounts.stream()
                        .map(a -> new StoredCloud(a.name(), a.url().toString()))
                        .toList()));
    }

    /** The file as it is, unchecked; empty when missing or unreadable. */
    private Stored stored() {
        if (Files.isRegularFile(file)) {
            try {
                return Json.MAPPER.readValue(file.toFile(), Stored.class);
            } catch (IOException | RuntimeException e) {
                LOG.warn("{} could not be read ({})", file, e.getMessage());
            }
        }
        return new Stored(null, null, null, null, List.of());
    }

    private void write(Stored s) {
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
