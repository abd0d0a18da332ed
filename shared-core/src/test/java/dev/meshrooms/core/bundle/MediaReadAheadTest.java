package dev.meshrooms.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.MediaItem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Media read ahead into reused blocks")
class MediaReadAheadTest {
    private static final int BLOCK = 1_000;

    @Test
    @DisplayName("hands out every object's bytes in order, objects of any size across block borders")
    void objectsInOrder() throws Exception {
        List<byte[]> contents = new ArrayList<>();
        Random random = new Random(7);
        for (int size : new int[] {0, 1, 999, 1_000, 1_001, 5_432, 0, 17, 2_000, 333}) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            contents.add(bytes);
        }
        List<MediaItem> items = items(contents);
        try (MediaReadAhead ahead =
                new MediaReadAhead(items, m -> new ByteArrayInputStream(contents.get(indexOf(items, m))), 3, BLOCK)) {
            for (int i = 0; i < items.size(); i++) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ahead.transferNext(i, out);
                assertThat(out.toByteArray()).as("object %d", i).isEqualTo(contents.get(i));
            }
        }
    }

    @Test
    @DisplayName("reads no further ahead than its blocks hold while the archive takes nothing")
    void bounded() throws Exception {
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            contents.add(new byte[600]);
        }
        List<MediaItem> items = items(contents);
        AtomicInteger opened = new AtomicInteger();
        try (MediaReadAhead ahead = new MediaReadAhead(
                items,
                m -> {
                    opened.incrementAndGet();
                    return new ByteArrayInputStream(contents.get(indexOf(items, m)));
                },
                2,
                BLOCK)) {
            Thread.sleep(300);
            // two blocks of 1,000 bytes hold at most 2,000 bytes of 600-byte objects: the fourth one is being read into
            // a third block the reader waits for
            assertThat(opened.get()).isBetween(1, 4);
            for (int i = 0; i < items.size(); i++) {
                ahead.transferNext(i, new ByteArrayOutputStream());
            }
            assertThat(opened.get()).isEqualTo(50);
        }
    }

    @Test
    @DisplayName("an object of another size or SHA-256, or one that cannot be read, fails when its turn comes, named")
    void failures() throws Exception {
        byte[] good = "good bytes".getBytes();
        byte[] recorded = "recorded!!".getBytes();
        List<MediaItem> items = items(List.of(good, recorded, recorded, recorded, recorded));
        List<byte[]> stored =
                List.of(good, "changed!!!".getBytes(), "short".getBytes(), "recorded!! and more".getBytes(), recorded);
        for (int broken = 1; broken <= 4; broken++) {
            int failing = broken;
            try (MediaReadAhead ahead = new MediaReadAhead(
                    items,
                    m -> {
                        int i = indexOf(items, m);
                        if (i == failing && failing == 4) {
                            throw new IOException("disk read error");
                        }
                        return new ByteArrayInputStream(i == failing || i == 0 ? stored.get(i) : recorded);
                    },
                    2,
                    BLOCK)) {
                ByteArrayOutputStream first = new ByteArrayOutputStream();
                ahead.transferNext(0, first);
                assertThat(first.toByteArray()).isEqualTo(good);
                for (int i = 1; i < failing; i++) {
                    ahead.transferNext(i, new ByteArrayOutputStream());
                }
                int index = failing;
                String expected = switch (failing) {
                    case 1 -> "does not match its recorded SHA-256";
                    case 2 -> "is 5 bytes in the store but 10 in the database";
                    case 3 -> "is more than 10 bytes in the store";
                    default -> "could not be read from the store: disk read error";
                };
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                assertThatThrownBy(() -> ahead.transferNext(index, out))
                        .isInstanceOf(MeshException.class)
                        .hasMessageContaining(items.get(index).objectKey())
                        .hasMessageContaining(expected);
                assertThat(out.size()).as("never more than the recorded size").isLessThanOrEqualTo(10);
            }
        }
    }

    private static List<MediaItem> items(List<byte[]> contents) throws Exception {
        List<MediaItem> items = new ArrayList<>();
        UUID room = UUID.randomUUID();
        for (int i = 0; i < contents.size(); i++) {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(contents.get(i));
            items.add(new MediaItem(
                    UUID.randomUUID(),
                    room,
                    null,
                    "object-" + i + ".bin",
                    "/media/object-" + i + ".bin",
                    "application/octet-stream",
                    contents.get(i).length,
                    sha));
        }
        return items;
    }

    private static int indexOf(List<MediaItem> items, MediaItem item) {
        return items.indexOf(item);
    }
}
