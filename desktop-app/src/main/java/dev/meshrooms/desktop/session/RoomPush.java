package dev.meshrooms.desktop.session;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.progress.ProgressListener;
import dev.meshrooms.desktop.settings.CloudAccount;
import dev.meshrooms.desktop.settings.CloudAccounts;
import dev.meshrooms.lite.push.CloudPush;
import dev.meshrooms.lite.push.PushOptions;
import dev.meshrooms.lite.push.PushResult;

/**
 * One run of pushing a room to a cloud account: {@link #run} blocks until the cloud imported it, {@link #stop} ends
 * the run at its next step (CANCELLED) with the upload kept on the cloud; a new run of the same room and account goes
 * on from the cloud's offset. Sharding is left to the cloud. The id mapping goes into the room's push folder.
 */
public final class RoomPush {
    private final DesktopSession session;
    private final CloudAccounts accounts;
    private final LocalRoom room;
    private final CloudAccount account;
    private final boolean asNew;
    private CloudPush running;
    private boolean stopped;

    RoomPush(DesktopSession session, CloudAccounts accounts, LocalRoom room, CloudAccount account, boolean asNew) {
        this.session = session;
        this.accounts = accounts;
        this.room = room;
        this.account = account;
        this.asNew = asNew;
    }

    public PushResult run(ProgressListener progress) {
        String token = accounts.token(account);
        CloudPush push;
        synchronized (this) {
            if (stopped) {
                throw new MeshException(ErrorCode.CANCELLED, "the push was stopped before it started");
            }
            push = session.newCloudPush();
            running = push;
        }
        return push.push(
                room.id().toString(),
                account.url().toString(),
                token,
                new PushOptions(asNew, null),
                session.pushSpools().folder(room.id()),
                progress);
    }

    /** Stops this run at its next step; what the cloud received stays there. */
    public synchronized void stop() {
        stopped = true;
        if (running != null) {
            running.cancel();
        }
    }

    public LocalRoom room() {
        return room;
    }

    public CloudAccount account() {
        return account;
    }

    public boolean asNew() {
        return asNew;
    }
}
