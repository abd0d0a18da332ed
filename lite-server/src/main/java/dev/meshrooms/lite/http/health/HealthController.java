package dev.meshrooms.lite.http.health;

import dev.meshrooms.core.MeshCore;
import io.javalin.http.Context;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /health}: checks the database and the object store; 200 when both answer, 503 otherwise. */
public final class HealthController {
    private final MeshCore core;

    public HealthController(MeshCore core) {
        this.core = core;
    }

    public record Check(String status, String detail) {
    }

    public record Health(String status, Map<String, Check> checks) {
    }

    public void health(Context ctx) {
        Map<String, Check> checks = new LinkedHashMap<>();
        checks.put("database", check(() -> {
            try (Connection c = core.pools().global().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT current_setting('server_version')")) {
                rs.next();
                return "PostgreSQL " + rs.getString(1);
            }
        }));
        checks.put("store", check(() -> {
            core.mediaStore().ping();
            return "reachable";
        }));
        boolean up = checks.values().stream().allMatch(c -> c.status().equals("up"));
        ctx.status(up ? 200 : 503).json(new Health(up ? "ok" : "degraded", checks));
    }

    private interface Probe {
        String run() throws Exception;
    }

    private static Check check(Probe probe) {
        try {
            return new Check("up", probe.run());
        } catch (Exception e) {
            return new Check("down", e.getMessage());
        }
    }
}
