package dev.meshrooms.lite.http.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A durable job's status as Server-Sent Events: the current state at once (a late subscriber is up to date), each
 * change as a {@code status} event, a heartbeat comment while nothing changes, and the end after the final state.
 */
public final class StatusStream {
    static final long POLL_MILLIS = 250;
    static final long HEARTBEAT_MILLIS = 10_000;
    private final ObjectMapper json;

    public StatusStream(ObjectMapper json) {
        this.json = json;
    }

    public <T> void stream(Context ctx, Supplier<T> status, Predicate<T> finished) throws Exception {
        ctx.header("Cache-Control", "no-store");
        new SseHandler(client -> follow(client, status, finished)).handle(ctx);
    }

    private <T> void follow(SseClient client, Supplier<T> status, Predicate<T> finished) {
        T last = null;
        long lastSent = System.currentTimeMillis();
        while (!client.terminated()) {
            T now = status.get();
            if (!now.equals(last)) {
                client.sendEvent("status", write(now));
                last = now;
                lastSent = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - lastSent > HEARTBEAT_MILLIS) {
                client.sendComment("heartbeat");
                lastSent = System.currentTimeMillis();
            }
            if (finished.test(now)) {
                return;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String write(Object status) {
        try {
            return json.writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
