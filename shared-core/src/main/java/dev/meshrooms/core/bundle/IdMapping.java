package dev.meshrooms.core.bundle;

import java.util.List;
import java.util.UUID;

/**
 * Old → new ids of an import. Every message and media id not listed kept its original id ({@code otherIdsKept});
 * users are all listed, with whether they became ghost profiles.
 */
public record IdMapping(
        Pair room, SlugChange slug, List<UserPair> users, List<Pair> messages, List<Pair> media, boolean otherIdsKept) {
    public record Pair(UUID from, UUID to) {}

    public record UserPair(UUID from, UUID to, String handle, boolean ghost) {}

    public record SlugChange(String from, String to) {}
}
