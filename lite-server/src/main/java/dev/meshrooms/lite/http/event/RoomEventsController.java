package dev.meshrooms.lite.http.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.io.DaemonThreads;
import dev.meshrooms.core.message.RoomFeed;
import dev.meshrooms.core.model.MessageView;
import dev.meshrooms.core.model.Principal;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.lite.http.message.MessageJson;
import dev.meshrooms.lite.http.support.RequestAuth;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /api/room/{ref}/events}: a room's new, edited and deleted messages as Server-Sent Events, one
 * {@code message} event per change with the room's change number as its id. A browser resumes after a dropped
 * connection or a server restart with {@code Last-Event-ID} (or {@code ?after=<change number>} on its first
 * connection) and gets every change after it once; a heartbeat comment every {@value #HEARTBEAT_SECONDS} s, at which
 * the reader's right to read the room is checked again (signed out, removed: the stream ends).
 *
 * <p>Streams hold no thread: the request goes asynchronous, and changes are written by a few shared writer threads
 * ({@link LiveStream}). Each change is made into JSON once, whatever the number of readers.
 */
public final class RoomEventsController implements AutoCloseable {
    static final int HEARTBEAT_SECONDS = 15;
    /** Open streams per signed-in user, and per address for readers of public rooms who are not signed in. */
    static final int STREAMS_PER_USER = 16;

    static final int STREAMS_PER_ADDRESS = 64;
    private final MeshCore core;
    private final RequestAuth auth;
    private final ObjectMapper mapper;
    private final ExecutorService writers;
    private final ScheduledExecutorService heartbeats;
    private final Set<Open> open = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> perClient = new ConcurrentHashMap<>();
    private final Cache<String, byte[]> frames =
            Caffeine.newBuilder().maximumSize(10_000).build();

    private record Open(LiveStream stream, Context ctx, String ref) {}

    public RoomEventsController(MeshCore core, RequestAuth auth, ObjectMapper mapper, MeterRegistry meters) {
        this.core = core;
        this.auth = auth;
        this.mapper = mapper;
        this.writers = Executors.newFixedThreadPool(4, DaemonThreads.named("mesh-events-write"));
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("mesh-events-heartbeat"));
        heartbeats.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        Gauge.builder("mesh_live_streams", open, Set::size)
                .description("Event streams of rooms open now")
                .register(meters);
    }

    public void events(Context ctx) throws Exception {
        String ref = ctx.pathParam("ref");
        Optional<Principal> principal = auth.principal(ctx);
        Room room = core.access().readable(ref, principal);
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            throw MeshException.invalid(
                    "Accept", "this is an event stream: send Accept: text/event-stream (as EventSource does)");
        }
        long last = core.messages().lastChange(room.id());
        long after = resumePoint(ctx, last);
        String client = principal.map(p -> "user " + p.userId()).orElse("address " + ctx.ip());
        int limit = principal.isPresent() ? STREAMS_PER_USER : STREAMS_PER_ADDRESS;
        AtomicInteger count = perClient.computeIfAbsent(client, k -> new AtomicInteger());
        if (count.incrementAndGet() > limit) {
            release(client, count);
            throw new MeshException(
                    ErrorCode.TOO_MANY_REQUESTS,
                    "You have " + limit + " live streams open already; close some tabs of this server.");
        }
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Accel-Buffering", "no");
        try {
            new SseHandler(sse -> open(sse, ctx, ref, room, after, after > last, client, count)).handle(ctx);
        } catch (RuntimeException e) {
            release(client, count);
            throw e;
        }
    }

    private void open(
            SseClient sse,
            Context ctx,
            String ref,
            Room room,
            long after,
            boolean reset,
            String client,
            AtomicInteger count) {
        sse.keepAlive();
        Open[] self = new Open[1];
        LiveStream stream;
        try {
            stream = new LiveStream(sse, writers, this::frame, () -> {
                open.remove(self[0]);
                release(client, count);
            });
        } catch (java.io.IOException e) {
            release(client, count);
            sse.close();
            return;
        }
        self[0] = new Open(stream, ctx, ref);
        open.add(self[0]);
        RoomFeed.Subscription subscription;
        if (reset) {
            stream.reset();
            subscription = core.feed().subscribe(room.id(), core.messages().lastChange(room.id()), stream);
        } else {
            subscription = core.feed().subscribe(room.id(), after, stream);
        }
        sse.onClose(() -> {
            subscription.close();
            stream.close();
        });
        stream.heartbeat();
    }

    /**
     * Where a reader resumes: the {@code Last-Event-ID} its browser sends on reconnecting, else {@code ?after=} (the
     * change number its page was made at), else now.
     */
    private static long resumePoint(Context ctx, long last) {
        String resume = ctx.header("Last-Event-ID");
        String source = "Last-Event-ID";
        if (resume == null || resume.isBlank()) {
            resume = ctx.queryParam("after");
            source = "after";
        }
        if (resume == null || resume.isBlank()) {
            return last;
        }
        try {
            long value = Long.parseLong(resume.strip());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw MeshException.invalid(source, "must be a change number (a whole number, 0 or more)");
        }
    }

    /**
     * Every {@value #HEARTBEAT_SECONDS} s: a comment on every stream, after its reader's right to read the room is
     * checked again (once per reader and room in a round, however many streams they hold).
     */
    private void heartbeat() {
        Map<String, String> refused = new java.util.HashMap<>(); // reader and room → why not (null: may read)
        for (Open o : open) {
            if (o.stream().isClosed()) {
                open.remove(o);
                continue;
            }
            String why;
            try {
                Optional<Principal> principal = auth.principal(o.ctx());
                String key =
                        principal.map(p -> p.userId() + "/" + p.instanceAdmin()).orElse("visitor") + " " + o.ref();
                if (refused.containsKey(key)) {
                    why = refused.get(key);
                } else {
                    why = readable(o.ref(), principal);
                    refused.put(key, why);
                }
            } catch (RuntimeException e) {
                why = e.getMessage() == null ? "You can no longer read this room." : e.getMessage();
            }
            if (why == null) {
                o.stream().heartbeat();
            } else {
                // signed out, removed from the room, or the room is gone: the stream ends
                o.stream().end(why);
            }
        }
    }

    /** Null when the reader may read the room, else why not. */
    private String readable(String ref, Optional<Principal> principal) {
        try {
            core.access().readable(ref, principal);
            return null;
        } catch (MeshException e) {
            return e.getMessage();
        }
    }

    /** A change as its Server-Sent Events frame, made once for every reader of the room. */
    private byte[] frame(MessageView view) {
        long seq = view.message().changeSeq();
        return frames.get(view.message().id() + "/" + seq, k -> {
            try {
                // JSON has no raw line breaks, so it is one data line
                return ("id: " + seq + "\nevent: message\ndata: " + mapper.writeValueAsString(MessageJson.of(view))
                                + "\n\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void release(String client, AtomicInteger count) {
        if (count.decrementAndGet() <= 0) {
            perClient.remove(client, count);
        }
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
        open.forEach(o -> o.stream().close());
        writers.shutdownNow();
    }
}
