package dev.meshrooms.desktop.settings;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.PasswordAccessException;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.net.URI;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tokens in the operating system's credential store (java-keyring): the Secret Service (GNOME Keyring, KWallet) on
 * Linux, the Keychain on macOS, the Credential Manager on Windows. One entry per cloud: service "Mesh-Lite cloud
 * token", account the cloud's address.
 */
final class KeyringCredentials implements CloudCredentials {
    static final String SERVICE = "Mesh-Lite cloud token";
    private static final Logger LOG = LoggerFactory.getLogger(KeyringCredentials.class);
    private final Keyring keyring;

    private KeyringCredentials(Keyring keyring) {
        this.keyring = keyring;
    }

    /** The OS's credential store, or empty where there is none that answers (a headless Linux without D-Bus). */
    static Optional<KeyringCredentials> open() {
        try {
            Keyring keyring = Keyring.create();
            LOG.info("cloud tokens: kept in the system's credential store ({})", keyring.getKeyringStorageType());
            return Optional.of(new KeyringCredentials(keyring));
        } catch (BackendNotSupportedException | RuntimeException | LinkageError e) {
            LOG.info("no system credential store answers here ({})", e.toString());
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> token(URI cloud) {
        try {
            return Optional.ofNullable(keyring.getPassword(SERVICE, cloud.toString()));
        } catch (PasswordAccessException e) {
            LOG.info("no token for {} in the credential store ({})", cloud, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void store(URI cloud, String token) {
        try {
            keyring.setPassword(SERVICE, cloud.toString(), token);
        } catch (PasswordAccessException | RuntimeException e) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "The system's credential store (" + name() + ") did not keep the token for " + cloud + " ("
                            + e.getMessage() + "); unlock it (it may be asking for your password) and add the"
                            + " account again.",
                    e);
        }
    }

    @Override
    public void remove(URI cloud) {
        try {
            keyring.deletePassword(SERVICE, cloud.toString());
        } catch (PasswordAccessException | RuntimeException e) {
            LOG.info("no token for {} to remove from the credential store ({})", cloud, e.getMessage());
        }
    }

    @Override
    public String where() {
        return "the system's credential store (" + name() + ")";
    }

    private String name() {
        return switch (keyring.getKeyringStorageType()) {
            case OSX_KEYCHAIN, LEGACY_OSX_KEYCHAIN -> "Keychain";
            case WINDOWS_CREDENTIAL_STORE -> "Windows Credential Manager";
            case KWALLET -> "KWallet";
            case GNOME_KEYRING -> "Secret Service";
        };
    }
}
