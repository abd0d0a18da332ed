package dev.meshrooms.core.message;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.io.DaemonThreads;
import dev.meshrooms.core.model.MessageView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live changes of rooms for readers that stay connected. Every write to a message gives it the room's next change
 * number ({@code change_seq}); a reader subscribes after the last number it saw and is handed every change after it,
 * in order, once.
 *
 * <p>Per room, one query serves all of its readers: a write made in this process wakes the room at once
 * ({@link #changed}), writes made elsewhere (another server, the command line) are found by a poll of the rooms that
 * have readers. A room's pump never runs twice at once; readers are handed batches and must not block (they queue
 * and write elsewhere). Nothing is kept per reader but its cursor: a reader that falls away resumes from the database.
 *
 * <p>A busy room is pumped at most once per {@link #GATHER}: a wake within that time of the last pump waits for its
 * end, so the changes of a busy moment reach each reader together (one write to each connection, not one per
 * message), while a quiet room's change goes out at once.
 */
public final class RoomFeed implements AutoCloseable {
    /** The most changes read in one query. */
    static final int BATCH = 500;
    /** The shortest time between two pumps of a room. */
    static final Duration GATHER = Duration.ofMillis(100);

    private static final Logger LOG = LoggerFactory.getLogger(RoomFeed.class);
    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int RUNNING_AGAIN = 2;
    private final Map<UUID, Room> rooms = new ConcurrentHashMap<>();
    private final ExecutorService pumps;
    private final ScheduledExecutorService poller;
    private final Duration pollEvery;
    private volatile Source source;

    /** Where changes come from: {@link MessageService#changes}. */
    @FunctionalInterface
    public interface Source {
        MessageService.Changes changes(UUID roomId, long after, int limit);
    }

    /** A reader of one room. */
    public interface Reader {
        /** Changes after the reader's cursor, in order; false when the reader is gone (it is then dropped). */
        boolean deliver(List<MessageView> changes);

        /** The room can no longer be read (deleted); the reader is dropped after this. */
        void end(String why);
    }

    /** A reader's place in a room's feed; closing it stops deliveries. */
    public final class Subscription implements AutoCloseable {
        private final Reader reader;
        private volatile Room room;
        private long cursor;

        private Subscription(Reader reader, long after) {
            this.reader = reader;
            this.cursor = after;
        }

        synchronized long cursor() {
            return cursor;
        }

        /** Hands the reader what it has not seen; false when the reader is gone. */
        synchronized boolean offer(List<MessageView> changes) {
            int first = 0;
            while (first < changes.size() && changes.get(first).message().changeSeq() <= cursor) {
                first++;
            }
            if (first == changes.size()) {
                return true;
            }
            List<MessageView> fresh = changes.subList(first, changes.size());
            cursor = fresh.get(fresh.size() - 1).message().changeSeq();
            return reader.deliver(List.copyOf(fresh));
        }

        @Override
        public void close() {
            Room in = room;
            if (in != null) {
                in.readers.remove(this);
            }
        }
    }

    private final class Room {
        final UUID id;
        final Set<Subscription> readers = ConcurrentHashMap.newKeySet();
        final AtomicInteger pump = new AtomicInteger(IDLE);
        volatile long lastPump = System.nanoTime() - GATHER.toNanos();

        Room(UUID id) {
            this.id = id;
        }
    }

    /** @param pollEvery how often rooms with readers are checked for writes made by other processes */
    public RoomFeed(Duration pollEvery) {
        this.pollEvery = pollEvery;
        this.pumps = Executors.newFixedThreadPool(2, DaemonThreads.named("mesh-room-feed"));
        this.poller = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("mesh-room-feed-poll"));
    }

    /** Starts reading changes from {@code source} (once the message service exists). */
    public void start(Source changes) {
        this.source = changes;
        long millis = pollEvery.toMillis();
        poller.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Hands {@code reader} every change of the room after {@code after} (what it has), then each one as it comes. */
    public Subscription subscribe(UUID roomId, long after, Reader reader) {
        Subscription subscription = new Subscription(reader, after);
        while (true) {
            Room room = rooms.computeIfAbsent(roomId, Room::new);
            subscription.room = room;
            room.readers.add(subscription);
            // a pump that found the room without readers may have just dropped it from the map: join its successor
            if (rooms.get(roomId) == room) {
                wake(room);
                return subscription;
            }
            room.readers.remove(subscription);
        }
    }

    /** A message of the room was written here and committed: its readers hear of it now. */
    public void changed(UUID roomId) {
        Room room = rooms.get(roomId);
        if (room != null) {
            wake(room);
        }
    }

    /** Readers of all rooms (for metrics). */
    public int readers() {
        return rooms.values().stream().mapToInt(r -> r.readers.size()).sum();
    }

    private void poll() {
        rooms.values().forEach(this::wake);
    }

    private void wake(Room room) {
        while (true) {
            int state = room.pump.get();
            if (state == RUNNING_AGAIN) {
                return;
            }
            if (room.pump.compareAndSet(state, state == IDLE ? RUNNING : RUNNING_AGAIN)) {
                if (state == IDLE) {
                    start(room);
                }
                return;
            }
        }
    }

    /** Runs the room's pump now, or when {@link #GATHER} has passed since its last one. */
    private void start(Room room) {
        long wait = room.lastPump + GATHER.toNanos() - System.nanoTime();
        try {
            if (wait <= 0) {
                pumps.execute(() -> pump(room));
            } else {
                poller.schedule(() -> pumps.execute(() -> pump(room)), wait, TimeUnit.NANOSECONDS);
            }
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            room.pump.set(IDLE);
        }
    }

    private void pump(Room room) {
        try {
            boolean more = true;
            while (more) {
                more = pumpOnce(room);
            }
        } catch (MeshException e) {
            if (e.code() == ErrorCode.ROOM_NOT_FOUND) {
                endAll(room, "This room no longer exists here.");
            } else {
                LOG.warn(
                        "reading the live changes of room {} failed; the next poll tries again: {}",
                        room.id,
                        e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.warn("reading the live changes of room {} failed; the next poll tries again", room.id, e);
        } finally {
            if (room.pump.getAndUpdate(s -> s == RUNNING_AGAIN ? RUNNING : IDLE) == RUNNING_AGAIN) {
                start(room);
            }
        }
    }

    /** One query for all the room's readers; true when more changes wait beyond the batch. */
    private boolean pumpOnce(Room room) {
        if (room.readers.isEmpty()) {
            rooms.computeIfPresent(room.id, (id, r) -> r.readers.isEmpty() ? null : r);
            return false;
        }
        room.lastPump = System.nanoTime();
        long from = Long.MAX_VALUE;
        for (Subscription s : room.readers) {
            from = Math.min(from, s.cursor());
        }
        MessageService.Changes changes = source.changes(room.id, from, BATCH);
        if (changes.messages().isEmpty()) {
            return false;
        }
        for (Subscription s : room.readers) {
            boolean alive;
            try {
                alive = s.offer(changes.messages());
            } catch (RuntimeException e) {
                LOG.debug("a reader of room {} failed; dropped", room.id, e);
                alive = false;
            }
            if (!alive) {
                room.readers.remove(s);
            }
        }
        return changes.more();
    }

    private void endAll(Room room, String why) {
        for (Subscription s : room.readers) {
            try {
                s.reader.end(why);
            } catch (RuntimeException e) {
                LOG.debug("ending a reader of room {} failed", room.id, e);
            }
        }
        room.readers.clear();
        rooms.remove(room.id, room);
    }

    @Override
    public void close() {
        poller.shutdownNow();
        pumps.shutdownNow();
    }
}
