package dev.meshrooms.lite.push;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * A copy of a room of this computer that a push made on a cloud: where it lives there and the import job that made
 * it (the cloud answers that job's status, with how the copy stands against its free tier, to the token that pushed).
 *
 * @param cloud       the cloud, as {@code https://host[:port]}
 * @param cloudRoomId the copy's id on the cloud
 * @param roomUrl     the copy's page on the cloud
 * @param jobId       the cloud's import job that made it
 */
public record PushedCopy(
        UUID roomId, URI cloud, UUID cloudRoomId, String slug, String roomUrl, String jobId, Instant pushedAt) {}
