package dev.meshrooms.lite.http.page;

import java.util.List;

/**
 * The instance admin's console: health, rooms (searched), tokens, imports with their history, and uploads.
 *
 * @param query     the rooms' search ({@code q}), empty for all
 * @param shown     rooms listed, of {@code matching} that match the search
 * @param shardedByDefault whether a new room gets a shard of its own unless the admin says otherwise
 * @param csrf      the session's CSRF token (null when the page was entered with a token)
 */
public record AdminView(
        List<Check> health,
        boolean healthy,
        String lastSample,
        String query,
        List<RoomRow> rooms,
        int shown,
        int matching,
        boolean shardedByDefault,
        List<TokenRow> tokens,
        List<ImportRow> imports,
        List<HistoryRow> history,
        List<UploadRow> uploads,
        String csrf) {

    public record Check(String name, boolean up, String detail) {}

    /**
     * @param move  a move that has not succeeded: running (its phase) or failed (Retry is on the settings page); empty
     *              otherwise
     * @param limit within, near or over (the free tier), or empty where no tier applies
     */
    public record RoomRow(
            String slug,
            String name,
            String visibility,
            boolean sharded,
            String move,
            boolean moveFailed,
            String storage,
            String messages,
            String limit,
            String limitSentence) {}

    public record TokenRow(
            String id,
            String owner,
            String label,
            String scope,
            String created,
            String expires,
            String lastUsed,
            boolean active,
            String state) {}

    public record ImportRow(
            String id, String state, String phase, String percent, String started, String room, String error) {}

    public record HistoryRow(
            String when, String slug, String source, String messages, String media, String shard, boolean pushed) {}

    public record UploadRow(String id, String owner, String size, String created, String touched) {}
}
