package dev.meshrooms.lite.http.bundle;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.bundle.BundleNames;
import dev.meshrooms.core.bundle.BundleReport;
import dev.meshrooms.core.bundle.ImportOptions;
import dev.meshrooms.core.bundle.ImportResult;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.imports.ImportStatus;
import dev.meshrooms.core.model.Principal;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.progress.ProgressListener;
import dev.meshrooms.lite.http.support.RequestAuth;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * {@code GET /api/room/{ref}/export} streams a room's bundle; {@code POST /api/importRoom} takes one as the raw
 * request body, streamed (never buffered whole), and imports it — or with {@code ?dryRun=true} only checks it.
 */
public final class BundleController {
    /** What a refused second import says to do. */
    public static final String ASNEW_HINT =
            "To import an independent copy beside it, send the bundle again with ?asNew=true.";

    private final MeshCore core;
    private final RequestAuth auth;

    public BundleController(MeshCore core, RequestAuth auth) {
        this.core = core;
        this.auth = auth;
    }

    public void export(Context ctx) throws Exception {
        Room room = core.access().managed(ctx.pathParam("ref"), auth.principal(ctx));
        ctx.status(200);
        ctx.contentType("application/zstd");
        ctx.header("Content-Disposition", "attachment; filename=" + BundleNames.fileName(room.id()));
        String base = ctx.scheme() + "://" + ctx.host();
        OutputStream out = ctx.res().getOutputStream();
        core.exporter(base).export(room.id(), out, ProgressListener.NONE);
        out.flush();
    }

    /** {@code ?sharded=true|false}, else null: the instance's rule for a room of the bundle's size (MESH_IMPORT_SHARDED). */
    private static Boolean sharded(Context ctx) {
        String value = ctx.queryParam("sharded");
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw MeshException.invalid("sharded", "is neither true nor false: " + value);
        };
    }

    /**
     * The bundle comes as the request's body, or with {@code ?upload=<id>} from a finished resumable upload: then the
     * import runs as a durable job and the answer is 202 with the job's id and where to follow it.
     */
    public void importRoom(Context ctx) throws Exception {
        Principal admin = core.access().checkImporter(auth.principal(ctx));
        boolean dryRun = Boolean.parseBoolean(ctx.queryParam("dryRun"));
        boolean asNew = Boolean.parseBoolean(ctx.queryParam("asNew"));
        // as the CLI's --check-all-signatures and --skip-signature-check
        ImportOptions.SignatureCheck signatures = ImportOptions.SignatureCheck.fromSwitches(
                Boolean.parseBoolean(ctx.queryParam("checkAllSignatures")), "checkAllSignatures=true",
                Boolean.parseBoolean(ctx.queryParam("skipSignatureCheck")), "skipSignatureCheck=true");
        Boolean sharded = sharded(ctx);
        String upload = ctx.queryParam("upload");
        if (upload != null) {
            if (dryRun) {
                throw MeshException.invalid("dryRun", "checks a bundle sent as the body; leave it out with ?upload=");
            }
            ImportStatus job = core.imports()
                    .start(admin, upload, new ImportOptions(asNew, admin.userId(), signatures).inShard(sharded));
            ctx.status(HttpStatus.ACCEPTED)
                    .json(Map.of(
                            "jobId",
                            job.jobId(),
                            "statusUrl",
                            "/api/imports/" + job.jobId() + "/status",
                            "status",
                            job));
            return;
        }
        String name = ctx.queryParam("filename") != null ? ctx.queryParam("filename") : "uploaded bundle";
        try (InputStream body = ctx.req().getInputStream()) {
            if (dryRun) {
                BundleReport report = core.importer().dryRun(body, name, ProgressListener.NONE);
                ctx.status(report.ok() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT)
                        .json(report);
                return;
            }
            ImportResult result;
            try {
                result = core.importer()
                        .importBundle(
                                body,
                                name,
                                new ImportOptions(asNew, admin.userId(), signatures)
                                        .pushed(admin.tokenId(), null)
                                        .inShard(sharded),
                                ProgressListener.NONE);
            } catch (MeshException e) {
                if (e.code() == ErrorCode.ALREADY_IMPORTED) {
                    throw new MeshException(e.code(), e.getMessage() + " " + ASNEW_HINT, e);
                }
                throw e;
            }
            ctx.status(HttpStatus.CREATED).json(result);
        }
    }
}
