package dev.meshrooms.desktop.settings;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credential store chosen on first use (not at start-up: asking the OS for its store takes a moment): the OS's
 * own when it has one that answers, else the private file.
 */
final class SystemCredentials implements CloudCredentials {
    private static final Logger LOG = LoggerFactory.getLogger(SystemCredentials.class);
    private final Path privateFile;
    private CloudCredentials chosen;

    SystemCredentials(Path privateFile) {
        this.privateFile = privateFile;
    }

    private synchronized CloudCredentials chosen() {
        if (chosen == null) {
            chosen = KeyringCredentials.open().map(CloudCredentials.class::cast).orElseGet(() -> {
                PrivateFileCredentials file = new PrivateFileCredentials(privateFile);
                LOG.info("cloud tokens: no credential store answers here; keeping them in {}", privateFile);
                return file;
            });
        }
        return chosen;
    }

    @Override
    public Optional<String> token(URI cloud) {
        return chosen().token(cloud);
    }

    @Override
    public void store(URI cloud, String token) {
        chosen().store(cloud, token);
    }

    @Override
    public void remove(URI cloud) {
        chosen().remove(cloud);
    }

    @Override
    public String where() {
        return chosen().where();
    }
}
