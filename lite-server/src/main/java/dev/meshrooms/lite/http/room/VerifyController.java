package dev.meshrooms.lite.http.room;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.message.RoomVerifications;
import dev.meshrooms.core.model.Principal;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.SignatureReport;
import dev.meshrooms.lite.http.support.ErrorResponse;
import dev.meshrooms.lite.http.support.RequestAuth;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/room/{ref}/verify}: checks every signature of the room. The work is bounded: one check per room
 * (a second caller joins it), a few rooms at once on the instance, one check at a time per caller (else 429), and
 * anonymous callers only for rooms of at most {@value #ANONYMOUS_MAX_MESSAGES} messages. A check that takes longer
 * than a moment keeps the connection alive with whitespace (valid before JSON) every second; when the caller has
 * gone, the next write fails and the check stops unless someone else waits for it.
 */
public final class VerifyController {
    static final long ANONYMOUS_MAX_MESSAGES = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(VerifyController.class);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(1);
    private final MeshCore core;
    private final RequestAuth auth;
    private final ObjectMapper json;
    private final Set<String> callers = ConcurrentHashMap.newKeySet();

    public VerifyController(MeshCore core, RequestAuth auth, ObjectMapper json) {
        this.core = core;
        this.auth = auth;
        this.json = json;
    }

    public void verify(Context ctx) throws Exception {
        Optional<Principal> principal = auth.principal(ctx);
        Room room = core.access().readable(ctx.pathParam("ref"), principal);
        if (principal.isEmpty()) {
            long messages = core.roomService().summary(room).messageCount();
            if (messages > ANONYMOUS_MAX_MESSAGES) {
                throw new MeshException(
                        ErrorCode.UNAUTHENTICATED,
                        "Checking all " + messages + " signatures of room "
                                + room.slug() + " needs a member's token (anyone may check rooms of up to "
                                + ANONYMOUS_MAX_MESSAGES + " messages).");
            }
        }
        String caller = principal.map(p -> "user " + p.userId()).orElse("address " + ctx.ip());
        if (!callers.add(caller)) {
            throw new MeshException(
                    ErrorCode.TOO_MANY_REQUESTS,
                    "A signature check you asked for is still running;"
                            + " wait for its answer before asking for another.");
        }
        try (RoomVerifications.Waiter waiter = core.verifications().start(room.id())) {
            SignatureReport report = waiter.await(KEEP_ALIVE);
            if (report != null) {
                ctx.json(report);
                return;
            }
            stream(ctx, waiter);
        } finally {
            callers.remove(caller);
        }
    }

    private void stream(Context ctx, RoomVerifications.Waiter waiter) throws InterruptedException {
        ctx.status(200).contentType("application/json");
        try {
            OutputStream out = ctx.res().getOutputStream();
            byte[] body;
            try {
                SignatureReport report = null;
                while (report == null) {
                    out.write(' ');
                    out.flush();
                    report = waiter.await(KEEP_ALIVE);
                }
                body = json.writeValueAsBytes(report);
            } catch (MeshException e) {
                // the status is sent already: the error goes in the body
                body = json.writeValueAsBytes(new ErrorResponse(
                        e.code().title(), e.code().httpStatus(), e.code().slug(), e.getMessage()));
            }
            out.write(body);
            out.flush();
        } catch (IOException gone) {
            LOG.debug("the caller of a signature check left: {}", gone.getMessage());
        }
    }
}
