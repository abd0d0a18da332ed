package dev.meshrooms.desktop.settings;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the cloud accounts' import tokens are kept: the operating system's credential store where there is one
 * ({@link KeyringCredentials}), else a file only this user may read ({@link PrivateFileCredentials}). Never
 * settings.json. Calls may block (the credential store may ask to be unlocked): run them off the JavaFX thread.
 */
public interface CloudCredentials {
    /** The token kept for {@code cloud}, if any. */
    Optional<String> token(URI cloud);

    void store(URI cloud, String token);

    /** Forgets the token of {@code cloud}; nothing happens when there is none. */
    void remove(URI cloud);

    /** Where the tokens are, for people: "the system's credential store (…)" or the file's path. */
    String where();

    /**
     * The system's credential store, chosen on first use: the OS's one when it answers (Secret Service on Linux,
     * Keychain on macOS, Credential Manager on Windows), else {@code privateFile}.
     */
    static CloudCredentials system(Path privateFile) {
        return new SystemCredentials(privateFile);
    }
}
