package dev.meshrooms.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Message;
import dev.meshrooms.core.model.MessageView;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.testing.TestMesh;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Live changes: change numbers, edits, deletes and the room feed")
class LiveChangesTest {
    private MeshCore mesh;
    private User bob;
    private User carol;

    @BeforeAll
    void start() {
        mesh = TestMesh.start();
        bob = mesh.users().create("live-bob", "Bob");
        carol = mesh.users().create("live-carol", "Carol");
    }

    @AfterAll
    void stop() {
        mesh.close();
    }

    @ParameterizedTest(name = "sharded={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("every send, edit and delete takes the room's next change number; changes list each message once")
    void changeNumbers(boolean sharded) {
        Room room = room(sharded);
        long before = mesh.messages().lastChange(room.id());
        Message a = mesh.messages().send(room.id(), bob.id(), "first", null);
        Message b = mesh.messages().send(room.id(), carol.id(), "second", a.id());
        assertThat(a.changeSeq())
                .as("writes take no number: the sequencer gives them")
                .isZero();
        MessageService.Changes sent = mesh.messages().changes(room.id(), before, 100);
        assertThat(sent.messages()).extracting(v -> v.message().changeSeq()).containsExactly(before + 1, before + 2);
        mesh.messages().edit(room.id(), a.id(), bob.id(), "first, edited");

        MessageService.Changes changes = mesh.messages().changes(room.id(), before, 100);
        assertThat(changes.messages())
                .extracting(v -> v.message().id())
                .as("a message edited after another comes after it, once")
                .containsExactly(b.id(), a.id());
        assertThat(changes.messages().get(1).message().body()).isEqualTo("first, edited");
        assertThat(changes.messages().get(1).message().changeSeq()).isEqualTo(before + 3);
        assertThat(mesh.messages().changes(room.id(), before + 3, 100).messages())
                .isEmpty();
        assertThat(mesh.messages().lastChange(room.id())).isEqualTo(before + 3);
    }

    @ParameterizedTest(name = "sharded={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("a delete leaves a tombstone without body, signature or media; the room still verifies")
    void deleteLeavesTombstone(boolean sharded) {
        Room room = room(sharded);
        var upload =
                mesh.media().upload(room, "note.txt", "text/plain", new ByteArrayInputStream("secret".getBytes()), 6);
        Message a = mesh.messages().send(room.id(), bob.id(), "with a file", null, List.of(upload.id()));
        Message kept = mesh.messages().send(room.id(), carol.id(), "stays", a.id());
        assertThat(mesh.messages().view(room.id(), a).media()).hasSize(1);

        assertThatThrownBy(() -> mesh.messages().delete(room.id(), a.id(), carol.id(), false))
                .isInstanceOf(MeshException.class)
                .extracting(e -> ((MeshException) e).code())
                .isEqualTo(ErrorCode.FORBIDDEN);
        long beforeDelete = mesh.messages().lastChange(room.id());
        Message tombstone = mesh.messages().delete(room.id(), a.id(), bob.id(), false);

        assertThat(tombstone.deleted()).isTrue();
        assertThat(tombstone.body()).isEmpty();
        assertThat(tombstone.signature()).isNull();
        assertThat(mesh.messages().changes(room.id(), beforeDelete, 100).messages())
                .extracting(v -> v.message().id())
                .as("the delete is the room's newest change")
                .containsExactly(a.id());
        assertThat(mesh.messages().view(room.id(), tombstone).media()).isEmpty();
        assertThatThrownBy(() -> mesh.media().deliver(room, upload.objectKey()))
                .extracting(e -> ((MeshException) e).code())
                .isEqualTo(ErrorCode.MEDIA_NOT_FOUND);
        assertThat(mesh.roomService().summary(room).messageCount()).isEqualTo(1);
        var report = mesh.messages().verify(room.id());
        assertThat(report.checked()).isEqualTo(1);
        assertThat(report.valid()).isEqualTo(1);
        assertThatThrownBy(() -> mesh.messages().edit(room.id(), a.id(), bob.id(), "again"))
                .extracting(e -> ((MeshException) e).code())
                .isEqualTo(ErrorCode.MESSAGE_NOT_FOUND);
        // a room admin (bob made the room) may delete another's message
        assertThat(mesh.messages().delete(room.id(), kept.id(), bob.id(), true).deleted())
                .isTrue();
    }

    @Test
    @DisplayName("an upload attaches once, to a message of its own room")
    void uploadsAttachOnce() {
        Room room = room(false);
        Room other = room(false);
        var upload = mesh.media()
                .upload(room, "a.bin", "application/octet-stream", new ByteArrayInputStream(new byte[10]), 10);
        assertThatThrownBy(() -> mesh.messages().send(other.id(), bob.id(), "elsewhere", null, List.of(upload.id())))
                .extracting(e -> ((MeshException) e).code())
                .isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(mesh.messages().page(other.id(), null, 10).messages())
                .as("nothing stored")
                .isEmpty();
        mesh.messages().send(room.id(), bob.id(), "here", null, List.of(upload.id()));
        assertThatThrownBy(() -> mesh.messages().send(room.id(), bob.id(), "twice", null, List.of(upload.id())))
                .extracting(e -> ((MeshException) e).code())
                .isEqualTo(ErrorCode.INVALID_INPUT);
    }

    @Test
    @DisplayName("uploads never sent are swept with their objects; sent ones stay")
    void unsentUploadsAreSwept() throws Exception {
        Room room = room(true);
        var sent = mesh.media().upload(room, "kept.txt", "text/plain", new ByteArrayInputStream(new byte[3]), 3);
        mesh.messages().send(room.id(), bob.id(), "kept", null, List.of(sent.id()));
        var unsent = mesh.media().upload(room, "left.txt", "text/plain", new ByteArrayInputStream(new byte[3]), 3);
        Thread.sleep(20);
        assertThat(mesh.media().sweepUnsent(java.time.Duration.ZERO)).isGreaterThanOrEqualTo(1);
        assertThatThrownBy(() -> mesh.media().deliver(room, unsent.objectKey()))
                .extracting(e -> ((MeshException) e).code())
                .isEqualTo(ErrorCode.MEDIA_NOT_FOUND);
        Room now = mesh.rooms().findById(room.id()).orElseThrow();
        var objects = mesh.internals().mediaStore();
        assertThat(objects.exists(mesh.media().bucketFor(now), mesh.media().storageKey(now, unsent.objectKey())))
                .as("its object is gone too")
                .isFalse();
        assertThat(objects.exists(mesh.media().bucketFor(now), mesh.media().storageKey(now, sent.objectKey())))
                .isTrue();
    }

    @ParameterizedTest(name = "sharded={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("concurrent writers: a reader following the feed gets every change once, in number order")
    void feedUnderConcurrentWriters(boolean sharded) throws Exception {
        Room room = room(sharded);
        long start = mesh.messages().lastChange(room.id());
        List<Long> received = Collections.synchronizedList(new ArrayList<>());
        Map<UUID, Integer> seen = new ConcurrentHashMap<>();
        int writers = 8;
        int each = 25;
        CountDownLatch all = new CountDownLatch(writers * each);
        RoomFeed.Subscription subscription = mesh.feed().subscribe(room.id(), start, new RoomFeed.Reader() {
            @Override
            public boolean deliver(List<MessageView> changes) {
                for (MessageView v : changes) {
                    received.add(v.message().changeSeq());
                    seen.merge(v.message().id(), 1, Integer::sum);
                    all.countDown();
                }
                return true;
            }

            @Override
            public void end(String why) {}
        });
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                User author = w % 2 == 0 ? bob : carol;
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        mesh.messages().send(room.id(), author.id(), "w" + writer + " #" + i, null);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(all.await(10, TimeUnit.SECONDS))
                    .as("every message arrives")
                    .isTrue();
        } finally {
            pool.shutdownNow();
            subscription.close();
        }
        assertThat(received).isSorted().doesNotHaveDuplicates().hasSize(writers * each);
        assertThat(received.get(received.size() - 1)).isEqualTo(start + writers * each);
        assertThat(seen.values()).containsOnly(1);
    }

    @Test
    @DisplayName("a reader that subscribes behind catches up from the database, then follows live")
    void lateReaderCatchesUp() throws Exception {
        Room room = room(true);
        long start = mesh.messages().lastChange(room.id());
        for (int i = 0; i < 5; i++) {
            mesh.messages().send(room.id(), bob.id(), "before " + i, null);
        }
        List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch six = new CountDownLatch(6);
        try (RoomFeed.Subscription s = mesh.feed().subscribe(room.id(), start, new RoomFeed.Reader() {
            @Override
            public boolean deliver(List<MessageView> changes) {
                changes.forEach(v -> {
                    bodies.add(v.message().body());
                    six.countDown();
                });
                return true;
            }

            @Override
            public void end(String why) {}
        })) {
            mesh.messages().send(room.id(), carol.id(), "after", null);
            assertThat(six.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(bodies).containsExactly("before 0", "before 1", "before 2", "before 3", "before 4", "after");
    }

    @Test
    @DisplayName("readers come and go: one that subscribes after the room's last reader left still hears every change")
    void readersComeAndGo() throws Exception {
        Room room = room(false);
        for (int round = 0; round < 20; round++) {
            long start = mesh.messages().lastChange(room.id());
            CountDownLatch heard = new CountDownLatch(1);
            RoomFeed.Subscription s = mesh.feed().subscribe(room.id(), start, new RoomFeed.Reader() {
                @Override
                public boolean deliver(List<MessageView> changes) {
                    heard.countDown();
                    return true;
                }

                @Override
                public void end(String why) {}
            });
            mesh.messages().send(room.id(), bob.id(), "round " + round, null);
            assertThat(heard.await(10, TimeUnit.SECONDS)).as("round %d", round).isTrue();
            s.close();
        }
    }

    private Room room(boolean sharded) {
        NewRoom spec = new NewRoom("lv-" + UUID.randomUUID().toString().substring(0, 8), "Room", Visibility.PUBLIC);
        return sharded
                ? mesh.shardedRooms().create(spec, bob.id(), null)
                : mesh.roomService().create(spec, bob.id());
    }
}
