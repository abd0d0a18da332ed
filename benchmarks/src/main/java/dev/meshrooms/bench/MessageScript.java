package dev.meshrooms.bench;

import dev.meshrooms.core.message.MessageService;
import dev.meshrooms.core.model.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** A conversation to replay into rooms: who says what, when. Replayed into two rooms, it gives them the same data. */
record MessageScript(List<Line> lines) {
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final String[] WORDS = {
        "shard",
        "room",
        "message",
        "latency",
        "pool",
        "route",
        "bundle",
        "mesh",
        "the",
        "a",
        "is",
        "fast",
        "enough",
        "we",
        "should",
        "check",
        "again",
        "tomorrow",
        "ok",
        "thanks"
    };

    record Line(UUID authorId, String body, Instant createdAt) {}

    /** {@code count} lines, one second apart, by random authors, 1 to 60 words each (deterministic for a seed). */
    static MessageScript random(int count, List<User> authors, long seed) {
        Random random = new Random(seed);
        List<Line> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            UUID author = authors.get(random.nextInt(authors.size())).id();
            StringBuilder body = new StringBuilder("#" + i);
            for (int w = random.nextInt(60); w >= 0; w--) {
                body.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
            }
            lines.add(new Line(author, body.toString(), START.plusSeconds(i)));
        }
        return new MessageScript(lines);
    }

    /** Sends every line into each room, one thread per room, through {@link MessageService#sendAt}. */
    void sendInParallel(MessageService messages, UUID... roomIds) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(roomIds.length);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (UUID roomId : roomIds) {
                done.add(executor.submit(() -> lines.forEach(
                        line -> messages.sendAt(roomId, line.authorId(), line.body(), null, line.createdAt()))));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            executor.shutdownNow();
        }
    }
}
