package dev.meshrooms.desktop.session;

import dev.meshrooms.desktop.settings.CloudAccount;
import dev.meshrooms.desktop.settings.CloudAccounts;
import dev.meshrooms.lite.push.CloudLimit;
import dev.meshrooms.lite.push.PushSpools;
import dev.meshrooms.lite.push.PushedCopy;
import dev.meshrooms.lite.push.UnfinishedPush;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Pushing this computer's rooms to cloud accounts: runs of a push, and the pushes that stopped during their upload
 * (offered again at start). Calls that reach the cloud or the database block: run them off the JavaFX thread.
 */
public final class CloudPushes {
    private final DesktopSession session;
    private final CloudAccounts accounts;

    public CloudPushes(DesktopSession session, CloudAccounts accounts) {
        this.session = session;
        this.accounts = accounts;
    }

    /** A run of pushing {@code room} to {@code account}; {@code asNew}: a second copy if the cloud has it already. */
    public RoomPush run(LocalRoom room, CloudAccount account, boolean asNew) {
        return new RoomPush(session, accounts, room, account, asNew);
    }

    public CloudAccounts accounts() {
        return accounts;
    }

    /** The room's push folder, where the cloud's id mapping ({@code room_<cloud id>.mapping.json}) is written. */
    public Path mappingFolder(UUID roomId) {
        return session.pushSpools().folder(roomId);
    }

    /**
     * Pushes stopped during their upload, of rooms still here to accounts still kept, with how much each cloud has
     * (asked of the cloud: this takes up to a few seconds per push when a cloud does not answer).
     */
    public List<StoppedPush> stopped() {
        Map<UUID, LocalRoom> rooms =
                session.rooms().stream().collect(Collectors.toMap(LocalRoom::id, Function.identity()));
        PushSpools spools = session.pushSpools();
        List<StoppedPush> stopped = new ArrayList<>();
        for (UnfinishedPush push : spools.unfinished()) {
            LocalRoom room = rooms.get(push.roomId());
            Optional<CloudAccount> account = accounts.find(push.cloud());
            if (room == null || account.isEmpty()) {
                continue;
            }
            OptionalLong uploaded = OptionalLong.empty();
            try {
                uploaded = spools.uploadedBytes(push, accounts.token(account.get()));
            } catch (RuntimeException noToken) {
                // offered all the same: resuming says what is missing
            }
            stopped.add(new StoppedPush(room, account.get(), push, uploaded));
        }
        return stopped;
    }

    /**
     * The copies this computer's rooms have on cloud accounts still kept, each with how it stands against its cloud's
     * free tier now (asked of each cloud with the account's token; a copy whose cloud does not say is UNKNOWN).
     */
    public List<CloudCopy> copies() {
        PushSpools spools = session.pushSpools();
        List<CloudCopy> copies = new ArrayList<>();
        for (LocalRoom room : session.rooms()) {
            for (PushedCopy copy : spools.copies(room.id())) {
                Optional<CloudAccount> account = accounts.find(copy.cloud());
                if (account.isEmpty()) {
                    continue;
                }
                CloudLimit limit;
                try {
                    limit = spools.limit(copy, accounts.token(account.get())).orElse(CloudLimit.unknown());
                } catch (RuntimeException noToken) {
                    limit = CloudLimit.unknown();
                }
                copies.add(new CloudCopy(room, account.get(), copy, limit));
            }
        }
        return copies;
    }

    /** Gives up a stopped push: the cloud is asked to delete the upload, and it is forgotten here. */
    public void discard(StoppedPush stopped) {
        String token;
        try {
            token = accounts.token(stopped.account());
        } catch (RuntimeException noToken) {
            token = null;
        }
        session.pushSpools().discard(stopped.push(), token);
    }
}
