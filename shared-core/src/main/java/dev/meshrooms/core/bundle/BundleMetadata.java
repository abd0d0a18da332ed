package dev.meshrooms.core.bundle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code metadata.json}, the first entry of a room bundle: what the bundle holds and the SHA-256 of every other entry.
 * See docs/bundle-format.md.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BundleMetadata(
        int formatVersion,
        int schemaVersion,
        RoomInfo room,
        Source source,
        Instant exportedAt,
        Counts counts,
        List<Author> authors,
        List<Member> members,
        FileInfo dbSql,
        List<MediaFile> media) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RoomInfo(UUID id, String slug, String name, String visibility, Instant createdAt) {}

    /** The instance the room comes from; {@code mediaHosts} are further hosts (CDN, S3) its links may use. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Source(String url, String instanceId, List<String> mediaHosts) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Counts(long messages, long media) {}

    /** An author: the original user id, handle, display name and raw Ed25519 public key (base64). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Author(UUID id, String handle, String displayName, String publicKey) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Member(UUID userId, String role) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FileInfo(long size, String sha256) {}

    /** A media file: its key (the entry is {@code media/<key>}), size, SHA-256 (hex) and content type. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MediaFile(String key, long size, String sha256, String contentType) {}
}
