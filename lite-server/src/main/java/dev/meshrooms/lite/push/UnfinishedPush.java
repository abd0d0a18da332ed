package dev.meshrooms.lite.push;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * A push that stopped during its upload (paused, cancelled, the app or the connection gone): the cloud keeps the part
 * it received (for 24 hours while idle), and pushing the room to the same cloud again goes on from there.
 *
 * @param roomId      the room pushed
 * @param cloud       the cloud's address, as the push named it
 * @param upload      the upload's address on the cloud
 * @param bundleBytes the size of the bundle being uploaded
 * @param stoppedAt   when the push last wrote down where it stands
 */
public record UnfinishedPush(UUID roomId, URI cloud, URI upload, long bundleBytes, Instant stoppedAt) {}
