package dev.meshrooms.lite.http.support;

import dev.meshrooms.core.error.MeshException;
import io.javalin.http.Context;

/** Where API requests name their room: the {@code x-room-id} header or the {@code roomId} query parameter. */
public final class RoomRef {
    public static final String HEADER = "x-room-id";
    public static final String QUERY = "roomId";

    private RoomRef() {}

    public static String of(Context ctx) {
        String ref = ctx.header(HEADER);
        if (ref == null || ref.isBlank()) {
            ref = ctx.queryParam(QUERY);
        }
        if (ref == null || ref.isBlank()) {
            throw MeshException.invalid(
                    HEADER, "missing; send the room id in the x-room-id header or the roomId query parameter");
        }
        return ref.trim();
    }
}
