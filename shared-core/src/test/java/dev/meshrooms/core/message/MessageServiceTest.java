package dev.meshrooms.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Message;
import dev.meshrooms.core.model.MessageBody;
import dev.meshrooms.core.model.MessagePage;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.SignatureReport;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.testing.TestMesh;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("MessageService")
class MessageServiceTest {
    private MeshCore mesh;
    private User bob;
    private User carol;

    @BeforeAll
    void start() {
        mesh = TestMesh.start();
        bob = mesh.users().create("bob", "Bob");
        carol = mesh.users().create("carol", "Carol");
    }

    @AfterAll
    void stop() {
        mesh.close();
    }

    @ParameterizedTest(name = "sharded={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("pages newest first with a cursor that reaches every message exactly once")
    void paging(boolean sharded) {
        Room room = room(sharded);
        List<UUID> sent = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            sent.add(mesh.messages()
                    .send(room.id(), i % 2 == 0 ? bob.id() : carol.id(), "message " + i, null)
                    .id());
        }
        List<UUID> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            MessagePage page = mesh.messages().page(room.id(), cursor, 10);
            page.messages().forEach(v -> seen.add(v.message().id()));
            cursor = page.next();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        java.util.Collections.reverse(sent);
        assertThat(seen).containsExactlyElementsOf(sent);
    }

    @ParameterizedTest(name = "sharded={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("signs every message so the room verifies, and reports a tampered message")
    void verify(boolean sharded) throws Exception {
        Room room = room(sharded);
        Message a = mesh.messages().send(room.id(), bob.id(), "one", null);
        mesh.messages().send(room.id(), carol.id(), "two", a.id());
        SignatureReport clean = mesh.messages().verify(room.id());
        assertThat(clean.checked()).isEqualTo(2);
        assertThat(clean.allValid()).isTrue();

        String table = sharded ? room.shardSchema() + ".messages" : "mesh.messages";
        try (Connection c = mesh.internals().pools().global().getConnection();
                PreparedStatement st = c.prepareStatement("UPDATE " + table + " SET body = 'forged' WHERE id = ?")) {
            st.setObject(1, a.id());
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
        SignatureReport tampered = mesh.messages().verify(room.id());
        assertThat(tampered.valid()).isEqualTo(1);
        assertThat(tampered.invalidMessageIds()).containsExactly(a.id());
    }

    @Test
    @DisplayName("refuses bad bodies and naming the field")
    void badBodies() {
        Room room = room(false);
        assertInvalid(() -> mesh.messages().send(room.id(), bob.id(), "", null), "body");
        assertInvalid(() -> mesh.messages().send(room.id(), bob.id(), "a\0b", null), "NUL");
        assertInvalid(
                () -> mesh.messages().send(room.id(), bob.id(), "x".repeat(MessageBody.MAX_CHARS + 1), null), "limit");
        assertInvalid(() -> mesh.messages().send(room.id(), bob.id(), "bad \uD800 surrogate", null), "surrogate");
        assertInvalid(() -> mesh.messages().send(room.id(), bob.id(), "reply", UUID.randomUUID()), "replyTo");
        assertInvalid(() -> mesh.messages().page(room.id(), "not-a-cursor", 10), "cursor");
        assertInvalid(() -> mesh.messages().page(room.id(), null, 1001), "limit");
    }

    private void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String mentions) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        MeshException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageContaining(mentions);
    }

    private Room room(boolean sharded) {
        NewRoom spec = new NewRoom("r-" + UUID.randomUUID().toString().substring(0, 8), "Room", Visibility.PUBLIC);
        return sharded
                ? mesh.shardedRooms().create(spec, bob.id(), null)
                : mesh.roomService().create(spec, bob.id());
    }
}
