package dev.meshrooms.lite.http.health;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.health.HealthChecks;
import io.javalin.http.Context;
import java.util.Map;

/** {@code GET /health}: the core's checks (database, store, shard servers); 200 when all are up, 503 otherwise. */
public final class HealthController {
    private final MeshCore core;

    public HealthController(MeshCore core) {
        this.core = core;
    }

    public record Health(String status, Map<String, HealthChecks.Check> checks) {}

    public void health(Context ctx) {
        Map<String, HealthChecks.Check> checks = core.health().run();
        boolean up = checks.values().stream().allMatch(HealthChecks.Check::up);
        ctx.status(up ? 200 : 503).json(new Health(up ? "ok" : "degraded", checks));
    }
}
