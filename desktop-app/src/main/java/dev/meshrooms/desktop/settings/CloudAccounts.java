package dev.meshrooms.desktop.settings;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.lite.push.CloudAccountCheck;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clouds this computer pushes rooms to: names and addresses in settings.json, each one's import token in the
 * {@link CloudCredentials}. An account is added only after the cloud answered and took its token as an import token.
 * Calls block (HTTP, the credential store): run them off the JavaFX thread.
 */
public final class CloudAccounts {
    private static final Logger LOG = LoggerFactory.getLogger(CloudAccounts.class);
    private final SettingsStore store;
    private final CloudCredentials credentials;
    private final CloudAccountCheck check;

    public CloudAccounts(SettingsStore store, CloudCredentials credentials) {
        this(store, credentials, new CloudAccountCheck());
    }

    CloudAccounts(SettingsStore store, CloudCredentials credentials, CloudAccountCheck check) {
        this.store = store;
        this.credentials = credentials;
        this.check = check;
    }

    public synchronized List<CloudAccount> list() {
        return store.loadClouds();
    }

    /** The account of {@code cloud} (as a push names it), if it is still here. */
    public Optional<CloudAccount> find(URI cloud) {
        return list().stream().filter(a -> a.url().equals(cloud)).findFirst();
    }

    /**
     * Checks {@code token} at {@code url} (reachable, valid, import scope only), keeps the token in the credential
     * store and the account in the list; an account of the same address is replaced. Throws the check's sentence.
     */
    public synchronized CloudAccount add(String name, String url, String token) {
        URI cloud = check.check(url, token);
        CloudAccount account = new CloudAccount(name, cloud);
        credentials.store(cloud, token.strip());
        List<CloudAccount> accounts = new ArrayList<>(list());
        accounts.removeIf(a -> a.url().equals(cloud));
        accounts.add(account);
        store.saveClouds(accounts);
        LOG.info("cloud account added: {} (token in {})", cloud, credentials.where());
        return account;
    }

    /** Removes the account and forgets its token. */
    public synchronized void remove(CloudAccount account) {
        List<CloudAccount> accounts = new ArrayList<>(list());
        accounts.removeIf(a -> a.url().equals(account.url()));
        store.saveClouds(accounts);
        credentials.remove(account.url());
        LOG.info("cloud account removed: {}", account.url());
    }

    /** The account's import token; a sentence saying what to do when it is not kept any more. */
    public String token(CloudAccount account) {
        return credentials
                .token(account.url())
                .orElseThrow(() -> new MeshException(
                        ErrorCode.UNAUTHENTICATED,
                        "No token for " + account.label() + " is kept in " + credentials.where()
                                + "; remove the account in Settings → Cloud accounts and add it again with an"
                                + " import token."));
    }

    /** Where the tokens are kept, for people. */
    public String where() {
        return credentials.where();
    }
}
