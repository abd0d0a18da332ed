package dev.meshrooms.desktop.session;

import dev.meshrooms.desktop.settings.CloudAccount;
import dev.meshrooms.lite.push.UnfinishedPush;
import java.util.OptionalLong;

/**
 * A push that stopped during its upload, of a room still here to a cloud account still kept: what the app offers to
 * resume (or discard) at start.
 *
 * @param uploaded the bytes the cloud has of it, when the cloud said
 */
public record StoppedPush(LocalRoom room, CloudAccount account, UnfinishedPush push, OptionalLong uploaded) {}
