package dev.meshrooms.lite.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory's push spools ({@code <data>/pushes/<room id>/}) seen from outside a push: which pushes stopped
 * during their upload (to offer resuming them after a restart), how far the cloud got, discarding one, and forgetting
 * a removed room's spool. The cloud's id mappings written into a spool ({@code room_<cloud id>.mapping.json}) are
 * never deleted here.
 */
public final class PushSpools {
    private static final Logger LOG = LoggerFactory.getLogger(PushSpools.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path pushes;

    /** @param pushes the data directory's push spools ({@code DataDirectory.pushes()}) */
    public PushSpools(Path pushes) {
        this.pushes = pushes;
    }

    /** The folder of a room's spool, made if missing: where its pushed bundle, push.json and id mappings are kept. */
    public Path folder(UUID roomId) {
        Path folder = pushes.resolve(roomId.toString());
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "the push folder " + folder + " cannot be made (" + e.getMessage()
                            + "); check the data directory's permissions",
                    e);
        }
        return folder;
    }

    /** Pushes whose upload a cloud holds unfinished, the latest first. A spool that cannot be read is skipped (logged). */
    public List<UnfinishedPush> unfinished() {
        if (!Files.isDirectory(pushes)) {
            return List.of();
        }
        List<UnfinishedPush> found = new ArrayList<>();
        try (Stream<Path> rooms = Files.list(pushes)) {
            for (Path folder : rooms.toList()) {
                found.addAll(unfinished(folder));
            }
        } catch (IOException e) {
            LOG.warn("the push spools in {} could not be listed: {}", pushes, e.getMessage());
        }
        found.sort(Comparator.comparing(UnfinishedPush::stoppedAt).reversed());
        return found;
    }

    private static List<UnfinishedPush> unfinished(Path folder) {
        Path file = folder.resolve("push.json");
        UUID roomId;
        try {
            roomId = UUID.fromString(folder.getFileName().toString());
        } catch (IllegalArgumentException notARoom) {
            return List.of();
        }
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            JsonNode state = JSON.readTree(file.toFile());
            long size = state.path("size").asLong();
            var stoppedAt = Files.getLastModifiedTime(file).toInstant();
            List<UnfinishedPush> found = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> uploads =
                    state.path("uploads").fields();
            while (uploads.hasNext()) {
                Map.Entry<String, JsonNode> upload = uploads.next();
                found.add(new UnfinishedPush(
                        roomId,
                        URI.create(upload.getKey()),
                        URI.create(upload.getValue().asText()),
                        size,
                        stoppedAt));
            }
            return found;
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("{} could not be read ({}); its push is not offered for resuming", file, e.getMessage());
            return List.of();
        }
    }

    /**
     * The bytes the cloud has of this upload (tus {@code HEAD}); empty when it cannot tell (unreachable, the upload
     * expired, the token refused).
     */
    public OptionalLong uploadedBytes(UnfinishedPush push, String token) {
        try {
            return new ResumableUpload(token).offset(push.upload());
        } catch (IOException | RuntimeException e) {
            LOG.info("{} does not say how much of {} it has ({})", push.cloud(), push.upload(), e.toString());
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /** The copies pushes of this room made on clouds, the latest first. */
    public List<PushedCopy> copies(UUID roomId) {
        return PushSpool.copies(pushes.resolve(roomId.toString()));
    }

    /**
     * How a pushed copy stands against its cloud's free tier now, asked of the cloud with {@code token} (the account's
     * import token); empty when the cloud does not say (unreachable, the copy or the job gone, an older cloud).
     */
    public Optional<CloudLimit> limit(PushedCopy copy, String token) {
        try {
            return CloudLimit.of(new CloudClient(copy.cloud(), token).status(copy.jobId()));
        } catch (RuntimeException e) {
            LOG.info("{} does not say how {} stands ({})", copy.cloud(), copy.slug(), e.toString());
            return Optional.empty();
        }
    }

    /**
     * Gives up an unfinished push: asks the cloud to delete the upload (when {@code token} is given and the cloud
     * answers; else it expires there after 24 hours idle) and forgets it here, so a later push starts a new upload.
     */
    public void discard(UnfinishedPush push, String token) {
        if (token != null) {
            try {
                new ResumableUpload(token).terminate(push.upload());
                LOG.info("discarded the upload {} on {}", push.upload(), push.cloud());
            } catch (IOException | RuntimeException e) {
                LOG.info(
                        "the upload {} could not be deleted on {} ({}); it expires there when idle",
                        push.upload(),
                        push.cloud(),
                        e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        PushSpool.open(pushes, push.roomId()).forgetUpload(push.cloud().toString());
    }

    /**
     * Forgets a room's spool (the room was removed): its pushed bundle and push.json go; the cloud's id mappings of
     * earlier pushes stay. Unfinished uploads of it expire on their clouds.
     */
    public void forget(UUID roomId) {
        Path folder = pushes.resolve(roomId.toString());
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                if (!file.getFileName().toString().endsWith(".mapping.json") && Files.isRegularFile(file)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new MeshException(
                    ErrorCode.CONFIGURATION,
                    "the push folder " + folder + " could not be cleared (" + e.getMessage()
                            + "); delete it by hand to free its space",
                    e);
        }
        try (Stream<Path> left = Files.list(folder)) {
            if (left.findAny().isEmpty()) {
                Files.delete(folder);
            }
        } catch (IOException e) {
            LOG.info("{} stays: {}", folder, e.getMessage());
        }
    }
}
