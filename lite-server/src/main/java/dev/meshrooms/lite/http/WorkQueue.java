package dev.meshrooms.lite.http;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.ServletRequest;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many requests the server works on at once ({@code MESH_HTTP_WORKERS}, by default as many as the database pool
 * has connections); the others wait their turn, first come first served. Without it every request starts at once, and
 * hundreds of them share two cores and ten connections: each waits for a connection at every step, in no fair order,
 * and the slowest wait several times as long as the median. With it, a request waits once, in line, then runs.
 *
 * <p>A request's body is read before it gets in line, so a slow sender waits outside the queue (bodies have a minimum
 * rate: {@link RequestGuard}). Its turn ends when its handler is done, before the answer is written, so a client that
 * reads slowly holds no place either, nor does an event stream once its handler has started it. A request that waits longer than {@code maxWait} is answered 503 with {@code
 * Retry-After}. Routes of a {@link RouteKind} do not wait.
 */
final class WorkQueue {
    private static final String TURN = WorkQueue.class.getName() + ".turn";
    private final Semaphore turns;
    private final long maxWaitNanos;

    WorkQueue(int workers, Duration maxWait, MeterRegistry meters) {
        this.turns = new Semaphore(workers, true);
        this.maxWaitNanos = maxWait.toNanos();
        Gauge.builder("mesh.http.requests.working", turns, t -> workers - t.availablePermits())
                .description("requests being worked on now (at most MESH_HTTP_WORKERS)")
                .register(meters);
        Gauge.builder("mesh.http.requests.waiting", turns, Semaphore::getQueueLength)
                .description("requests waiting for their turn")
                .register(meters);
    }

    /** Before a matched route's handler: reads the body, then waits for a turn. */
    void enter(Context ctx) {
        if (ctx.routeRoles().stream().anyMatch(RouteKind.class::isInstance)) {
            return;
        }
        if (RequestGuard.hasBody(ctx.req())) {
            ctx.bodyAsBytes();
        }
        try {
            if (!turns.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS)) {
                throw new MeshException(
                        ErrorCode.SERVER_BUSY,
                        "The server is busy: this request waited " + TimeUnit.NANOSECONDS.toSeconds(maxWaitNanos)
                                + " s for its turn. Try again in a moment.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeshException(ErrorCode.CANCELLED, "The request was stopped while it waited for its turn.");
        }
        ctx.req().setAttribute(TURN, new AtomicBoolean(true));
    }

    /**
     * After the handler, and again once the request is over: whichever comes first ends the turn (they may run on two
     * threads when a handler goes on asynchronously, so only one of them releases it).
     */
    void leave(ServletRequest request) {
        if (request.getAttribute(TURN) instanceof AtomicBoolean turn && turn.compareAndSet(true, false)) {
            turns.release();
        }
    }
}
