package dev.meshrooms.desktop.session;

import dev.meshrooms.desktop.settings.CloudAccount;
import dev.meshrooms.lite.push.CloudLimit;
import dev.meshrooms.lite.push.PushedCopy;

/** A room of this computer pushed to a cloud account, with how its copy there stands against the free tier now. */
public record CloudCopy(LocalRoom room, CloudAccount account, PushedCopy copy, CloudLimit limit) {

    /** The copy's settings page on the cloud, where its admin adds billing or re-centralises it. */
    public String settingsUrl() {
        return copy.roomUrl() + "/settings";
    }

    /** A few words for the rooms list: "Over free tier · Riverside cloud". */
    public String shortState() {
        String where = " · " + account.label();
        if (limit.state() == CloudLimit.State.UNKNOWN) {
            return "Pushed" + where + " (no answer)";
        }
        if (limit.billed()) {
            return "Billed" + where;
        }
        if (!limit.enforced()) {
            return "Pushed" + where;
        }
        return switch (limit.state()) {
            case OVER -> "Over free tier" + where;
            case NEAR -> "Near free-tier limit" + where;
            case WITHIN -> "Free tier" + where;
            case UNKNOWN -> "Pushed" + where;
        };
    }

    /** The banner's line: the room, the cloud, and the cloud's own sentence (figures, what still works). */
    public String sentence() {
        return room.name() + " on " + account.label() + ": " + limit.sentence();
    }
}
