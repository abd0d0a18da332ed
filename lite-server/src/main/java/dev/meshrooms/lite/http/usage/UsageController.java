package dev.meshrooms.lite.http.usage;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.usage.UsageSample;
import dev.meshrooms.lite.http.support.RequestAuth;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rooms' recorded usage: {@code GET /api/room/<ref>/usage?from=&to=} for the room's admins (its samples, oldest
 * first; the last 30 days by default) and {@code GET /api/usage?sort=&order=} for the instance admin (every room's
 * latest sample). Both answer JSON, or CSV to {@code Accept: text/csv}.
 */
public final class UsageController {
    static final Duration DEFAULT_RANGE = Duration.ofDays(30);
    private final MeshCore core;
    private final RequestAuth auth;

    public UsageController(MeshCore core, RequestAuth auth) {
        this.core = core;
        this.auth = auth;
    }

    public void room(Context ctx) {
        Room room = core.access().managed(ctx.pathParam("ref"), auth.principal(ctx));
        Instant to = instant(ctx, "to", Instant.now());
        Instant from = instant(ctx, "from", to.minus(DEFAULT_RANGE));
        List<UsageSample> samples = core.usage().of(room.id(), from, to);
        if (wantsCsv(ctx)) {
            csv(ctx, "usage-" + room.slug() + ".csv", UsageCsv.samples(samples));
            return;
        }
        ctx.json(Map.of(
                "roomId", room.id(),
                "slug", room.slug(),
                "from", from.toString(),
                "to", to.toString(),
                "samples", samples.stream().map(UsageJson::of).toList()));
    }

    public void all(Context ctx) {
        core.access().checkInstanceAdmin(auth.principal(ctx));
        List<UsageJson.RoomUsage> rows = UsageRows.of(core, ctx.queryParam("sort"), ctx.queryParam("order"));
        if (wantsCsv(ctx)) {
            csv(ctx, "usage.csv", UsageCsv.rooms(rows));
            return;
        }
        ctx.json(rows);
    }

    /** An ISO-8601 instant ({@code 2026-12-01T00:00:00Z}) or a date ({@code 2026-12-01}, midnight UTC). */
    private static Instant instant(Context ctx, String name, Instant fallback) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return value.length() == 10
                    ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw MeshException.invalid(
                    name, "is " + value + "; give a date (2026-12-01) or a time (2026-12-01T00:00:00Z)");
        }
    }

    private static boolean wantsCsv(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv");
    }

    private static void csv(Context ctx, String filename, String body) {
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header(
                "Content-Disposition", "attachment; filename=\"" + filename.replaceAll("[^A-Za-z0-9._-]", "_") + "\"");
        ctx.result(body);
    }
}
