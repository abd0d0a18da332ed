package dev.meshrooms.lite.http.page;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.io.ByteSizes;
import dev.meshrooms.core.usage.UsageHistory;
import dev.meshrooms.lite.http.support.RequestAuth;
import dev.meshrooms.lite.http.usage.UsageJson;
import dev.meshrooms.lite.http.usage.UsageRows;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** {@code GET /admin/usage}: the instance admin's list of rooms by usage ({@code sort}, {@code order}, {@code limit}). */
public final class AdminUsagePageController {
    static final int DEFAULT_ROWS = 200;
    static final int MAX_ROWS = 1000;
    private static final java.time.format.DateTimeFormatter SAMPLED =
            java.time.format.DateTimeFormatter.ofPattern("d MMM HH:mm 'UTC'", Locale.ROOT);
    private final MeshCore core;
    private final RequestAuth auth;
    private final Pages pages;

    public AdminUsagePageController(MeshCore core, RequestAuth auth, Pages pages) {
        this.core = core;
        this.auth = auth;
        this.pages = pages;
    }

    public void usage(Context ctx) {
        if (auth.enterWithToken(ctx)) {
            ctx.redirect("/admin/usage", HttpStatus.SEE_OTHER);
            return;
        }
        core.access().checkInstanceAdmin(auth.principal(ctx));
        String sort = ctx.queryParam("sort") == null ? "storage" : ctx.queryParam("sort");
        List<UsageJson.RoomUsage> all = UsageRows.of(core, sort, ctx.queryParam("order"));
        int limit = ctx.queryParamAsClass("limit", Integer.class).getOrDefault(DEFAULT_ROWS);
        if (limit < 1 || limit > MAX_ROWS) {
            throw MeshException.invalid("limit", "is " + limit + "; list between 1 and " + MAX_ROWS + " rooms");
        }
        List<UsageJson.RoomUsage> rows = all.subList(0, Math.min(limit, all.size()));
        Instant now = Instant.now();
        Map<UUID, List<UsageHistory.Day>> days = core.usage()
                .dailyStorage(rows.stream().map(UsageJson.RoomUsage::roomId).toList(), now.minus(Duration.ofDays(30)));
        Map<UUID, String> billingErrors = core.billingLedger().errors();
        ctx.header("Cache-Control", "no-store");
        pages.render(
                ctx,
                "admin-usage.jte",
                new AdminUsageView(
                        rows.stream()
                                .map(r -> row(
                                        r,
                                        days.getOrDefault(r.roomId(), List.of()),
                                        now,
                                        billingErrors.getOrDefault(r.roomId(), "")))
                                .toList(),
                        sort,
                        ctx.queryParam("order") == null ? "" : ctx.queryParam("order"),
                        rows.size(),
                        all.size(),
                        ByteSizes.human(all.stream()
                                .mapToLong(UsageJson.RoomUsage::storageBytes)
                                .sum()),
                        all.stream()
                                .map(r -> Instant.parse(r.sampledAt()))
                                .max(Instant::compareTo)
                                .map(at -> SAMPLED.format(at.atZone(java.time.ZoneOffset.UTC)))
                                .orElse(""),
                        billing(core.usageReporter())));
    }

    /** Metered billing as the instance admin sees it: off, or what the reporter's last run did. */
    static String billing(dev.meshrooms.core.billing.UsageReporter reporter) {
        if (reporter == null) {
            return "Billing is off (no STRIPE_API_KEY): no usage is reported.";
        }
        var run = reporter.lastRun();
        if (run == null) {
            return "Billing is on: usage is reported to Stripe every hour; no report yet since this server started.";
        }
        return "Billing is on: the last report ("
                + SAMPLED.format(run.at().atZone(java.time.ZoneOffset.UTC)) + ") sent " + run.events()
                + " meter events for " + run.rooms() + " rooms"
                + (run.failed() > 0 ? ", " + run.failed() + " rooms not reported" : "")
                + (run.error() != null ? ". It stopped: " + run.error() : ".");
    }

    private static AdminUsageView.Row row(
            UsageJson.RoomUsage r, List<UsageHistory.Day> days, Instant now, String billingError) {
        return new AdminUsageView.Row(
                r.slug(),
                r.name(),
                r.sharded(),
                ByteSizes.human(r.storageBytes()),
                ByteSizes.human(r.mediaBytes()),
                ByteSizes.human(r.dbBytes()),
                String.format(Locale.ROOT, "%,d", r.messages()),
                String.format(Locale.ROOT, "%.1f", r.shardHours()),
                spark(days, now),
                billingError);
    }

    /** The storage per day as points of a small chart: 30 days wide, scaled to the room's own largest day. */
    static String spark(List<UsageHistory.Day> days, Instant now) {
        long max = Math.max(
                1, days.stream().mapToLong(UsageHistory.Day::storageBytes).max().orElse(1));
        double span = Duration.ofDays(30).toMillis();
        StringBuilder out = new StringBuilder();
        for (UsageHistory.Day d : days) {
            double x = AdminUsageView.SPARK_W
                    - (now.toEpochMilli() - d.day().toEpochMilli()) / span * AdminUsageView.SPARK_W;
            double y = AdminUsageView.SPARK_H - 2 - (double) d.storageBytes() / max * (AdminUsageView.SPARK_H - 4);
            out.append(out.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", Math.max(0, x), y));
        }
        return out.toString();
    }
}
