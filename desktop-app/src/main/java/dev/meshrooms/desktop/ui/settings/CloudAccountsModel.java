package dev.meshrooms.desktop.ui.settings;

import dev.meshrooms.desktop.settings.CloudAccount;
import dev.meshrooms.desktop.settings.CloudAccounts;
import dev.meshrooms.desktop.ui.common.BackgroundExecutor;
import dev.meshrooms.desktop.ui.common.ErrorMessage;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Cloud accounts form as a plain model: the list, the fields of a new account, and Add (checked against the
 * cloud at once) and Remove, both run on the background executor. Use on the JavaFX thread.
 */
public final class CloudAccountsModel {
    private final CloudAccounts accounts;
    private final BackgroundExecutor executor;
    private final Runnable changed;
    private final ObservableList<CloudAccount> list = FXCollections.observableArrayList();
    private final StringProperty url = new SimpleStringProperty("");
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty token = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper where = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);

    /** @param changed runs after an account was added or removed */
    public CloudAccountsModel(CloudAccounts accounts, BackgroundExecutor executor, Runnable changed) {
        this.accounts = accounts;
        this.executor = executor;
        this.changed = changed;
    }

    /** Reloads the list, and where tokens are kept (asking the OS for its credential store takes a moment). */
    public void refresh() {
        executor.run(
                "listing the cloud accounts",
                () -> new Listing(accounts.list(), accounts.where()),
                listing -> {
                    list.setAll(listing.accounts());
                    where.set(listing.where());
                },
                error -> problem.set(ErrorMessage.of(error).sentence()));
    }

    private record Listing(List<CloudAccount> accounts, String where) {}

    /** Checks the new account against its cloud and keeps it; {@link #problemProperty()} says why not. */
    public void add() {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        problem.set("");
        message.set("Checking " + url.get().strip() + "…");
        String u = url.get();
        String n = name.get();
        String t = token.get();
        executor.run(
                "adding the cloud account " + u,
                () -> accounts.add(n, u, t),
                added -> {
                    busy.set(false);
                    url.set("");
                    name.set("");
                    token.set("");
                    message.set("Added " + added.label() + ": it answers, and the token may import rooms there (and"
                            + " nothing else).");
                    refresh();
                    changed.run();
                },
                error -> {
                    busy.set(false);
                    message.set("");
                    problem.set(ErrorMessage.of(error).sentence());
                });
    }

    public void remove(CloudAccount account) {
        if (account == null || busy.get()) {
            return;
        }
        busy.set(true);
        problem.set("");
        executor.run(
                "removing the cloud account " + account.url(),
                () -> {
                    accounts.remove(account);
                    return account;
                },
                removed -> {
                    busy.set(false);
                    message.set("Removed " + removed.label() + " and forgot its token. Rooms pushed there stay on it.");
                    refresh();
                    changed.run();
                },
                error -> {
                    busy.set(false);
                    problem.set(ErrorMessage.of(error).sentence());
                });
    }

    public ObservableList<CloudAccount> accounts() {
        return list;
    }

    public StringProperty urlProperty() {
        return url;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty tokenProperty() {
        return token;
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty whereProperty() {
        return where.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
