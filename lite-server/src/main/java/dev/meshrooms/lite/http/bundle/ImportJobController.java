package dev.meshrooms.lite.http.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.imports.ImportStatus;
import dev.meshrooms.core.model.Principal;
import dev.meshrooms.lite.http.support.RequestAuth;
import dev.meshrooms.lite.http.support.StatusStream;
import io.javalin.http.Context;
import java.util.UUID;

/**
 * {@code GET /api/imports/{id}}: where an import of a pushed bundle stands (JSON), and
 * {@code GET /api/imports/{id}/status}: the same as Server-Sent Events until it ends. For the token that started it
 * (or the instance admin).
 */
public final class ImportJobController {
    private final MeshCore core;
    private final RequestAuth auth;
    private final StatusStream stream;

    public ImportJobController(MeshCore core, RequestAuth auth, ObjectMapper json) {
        this.core = core;
        this.auth = auth;
        this.stream = new StatusStream(json);
    }

    public void get(Context ctx) {
        Principal who = core.access().checkImporter(auth.principal(ctx));
        ctx.header("Cache-Control", "no-store");
        ctx.json(core.imports().status(jobId(ctx), who));
    }

    public void status(Context ctx) throws Exception {
        Principal who = core.access().checkImporter(auth.principal(ctx));
        UUID id = jobId(ctx);
        core.imports().status(id, who); // 404 before the stream starts
        stream.stream(ctx, () -> core.imports().status(id, who), ImportStatus::finished);
    }

    private static UUID jobId(Context ctx) {
        try {
            return UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw MeshException.invalid("import job id", "is not an id: " + ctx.pathParam("id"));
        }
    }
}
