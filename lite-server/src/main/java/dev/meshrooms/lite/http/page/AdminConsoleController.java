package dev.meshrooms.lite.http.page;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.auth.ApiTokens;
import dev.meshrooms.core.health.HealthChecks;
import dev.meshrooms.core.imports.ImportHistory;
import dev.meshrooms.core.imports.ImportStatus;
import dev.meshrooms.core.io.ByteSizes;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.move.MoveStatus;
import dev.meshrooms.core.upload.BundleUploads;
import dev.meshrooms.core.usage.LimitState;
import dev.meshrooms.core.usage.RoomLimits;
import dev.meshrooms.core.usage.UsageSample;
import dev.meshrooms.lite.http.support.RequestAuth;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code GET /admin}: the instance admin's console (search rooms with {@code q}). Its changes — a new room, a token, a
 * revoked token — go through the same API as every other client ({@code admin.js}).
 */
public final class AdminConsoleController {
    static final int ROOMS = 200;
    static final int TOKENS = 200;
    static final int IMPORTS = 50;
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("d MMM yyyy HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private final MeshCore core;
    private final RequestAuth auth;
    private final Pages pages;

    public AdminConsoleController(MeshCore core, RequestAuth auth, Pages pages) {
        this.core = core;
        this.auth = auth;
        this.pages = pages;
    }

    public void console(Context ctx) {
        if (auth.enterWithToken(ctx)) {
            ctx.redirect("/admin", HttpStatus.SEE_OTHER);
            return;
        }
        core.access().checkInstanceAdmin(auth.principal(ctx));
        String query = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip();
        Map<String, HealthChecks.Check> checks = core.health().run();
        Map<UUID, UsageSample> usage = core.usage().latestByRoom();
        Set<UUID> billed = core.limits().billedRooms();
        Map<UUID, MoveStatus> moves = core.moves().unfinished();
        Instant now = Instant.now();
        List<Room> matching =
                core.rooms().list().stream().filter(r -> matches(r, query)).toList();
        ctx.header("Cache-Control", "no-store");
        pages.render(
                ctx,
                "admin.jte",
                new AdminView(
                        checks.entrySet().stream()
                                .map(e -> new AdminView.Check(
                                        e.getKey(),
                                        e.getValue().up(),
                                        e.getValue().detail()))
                                .toList(),
                        checks.values().stream().allMatch(HealthChecks.Check::up),
                        usage.values().stream()
                                .map(UsageSample::sampledAt)
                                .max(Instant::compareTo)
                                .map(WHEN::format)
                                .orElse(""),
                        query,
                        matching.stream()
                                .limit(ROOMS)
                                .map(r -> room(r, usage.get(r.id()), billed.contains(r.id()), moves.get(r.id())))
                                .toList(),
                        (int) Math.min(ROOMS, matching.size()),
                        matching.size(),
                        core.importsSharded(),
                        core.tokens().list().stream()
                                // the ones that still work first: revoked and expired ones never crowd them out
                                .sorted(java.util.Comparator.comparing((ApiTokens.TokenInfo t) -> !t.active(now)))
                                .limit(TOKENS)
                                .map(t -> token(t, now))
                                .toList(),
                        core.imports().recent(IMPORTS).stream()
                                .map(AdminConsoleController::job)
                                .toList(),
                        core.importHistory().recent(IMPORTS).stream()
                                .map(AdminConsoleController::history)
                                .toList(),
                        core.bundleUploads().open(IMPORTS).stream()
                                .map(AdminConsoleController::upload)
                                .toList(),
                        auth.csrfToken(ctx)));
    }

    private static boolean matches(Room room, String query) {
        if (query.isEmpty()) {
            return true;
        }
        String q = query.toLowerCase(Locale.ROOT);
        return room.slug().toLowerCase(Locale.ROOT).contains(q)
                || room.name().toLowerCase(Locale.ROOT).contains(q)
                || room.id().toString().startsWith(q);
    }

    private AdminView.RoomRow room(Room room, UsageSample latest, boolean billed, MoveStatus move) {
        RoomLimits.Standing standing = core.limits().of(room, latest, billed);
        boolean applies = standing.enforced() && standing.sharded() && !billed;
        return new AdminView.RoomRow(
                room.slug(),
                room.name(),
                room.isPublic() ? "public" : "private",
                room.isSharded(),
                move == null ? "" : moving(move),
                move != null && "failed".equals(move.state()),
                latest == null ? "—" : ByteSizes.human(latest.storageBytes()),
                latest == null ? "—" : String.format(Locale.ROOT, "%,d", latest.messages()),
                billed ? "billed" : applies ? standing.state().name().toLowerCase(Locale.ROOT) : "",
                applies && standing.state() != LimitState.WITHIN ? standing.sentence() : "");
    }

    private static String moving(MoveStatus move) {
        boolean out = "decentralise".equals(move.direction());
        if ("failed".equals(move.state())) {
            return (out ? "Decentralise" : "Re-centralise") + " failed: Retry on its settings page";
        }
        return (out ? "decentralising" : "re-centralising") + " · " + move.phaseLabel() + " · " + move.percent() + " %";
    }

    private static AdminView.TokenRow token(ApiTokens.TokenInfo t, Instant now) {
        String state = t.revokedAt() != null
                ? "revoked"
                : t.expiresAt() != null && !t.expiresAt().isAfter(now) ? "expired" : "active";
        return new AdminView.TokenRow(
                t.id().toString(),
                "@" + t.handle() + (t.instanceAdmin() ? " (instance admin)" : ""),
                t.label() == null ? "" : t.label(),
                t.scope().dbValue(),
                when(t.createdAt()),
                t.expiresAt() == null ? "never" : when(t.expiresAt()),
                t.lastUsedAt() == null ? "never" : when(t.lastUsedAt()),
                t.active(now),
                state);
    }

    private static AdminView.ImportRow job(ImportStatus s) {
        return new AdminView.ImportRow(
                s.jobId().toString(),
                s.state(),
                s.phase(),
                s.percent() + " %",
                when(s.startedAt()),
                s.roomId() == null ? "" : s.roomId().toString(),
                s.error() == null ? "" : s.error());
    }

    private static AdminView.HistoryRow history(ImportHistory.Entry e) {
        return new AdminView.HistoryRow(
                when(e.importedAt()),
                e.slug() == null ? "" : e.slug(),
                e.sourceUrl() == null ? "a bundle" : e.sourceUrl(),
                String.format(Locale.ROOT, "%,d", e.messages()),
                String.format(Locale.ROOT, "%,d", e.media()),
                e.shardSchema() == null ? "shared tables" : e.shardSchema(),
                e.tokenId() != null);
    }

    private static AdminView.UploadRow upload(BundleUploads.Recorded u) {
        return new AdminView.UploadRow(
                u.id(), u.owner(), ByteSizes.human(u.length()), when(u.createdAt()), when(u.touchedAt()));
    }

    private static String when(Instant at) {
        return at == null ? "" : WHEN.format(at);
    }
}
