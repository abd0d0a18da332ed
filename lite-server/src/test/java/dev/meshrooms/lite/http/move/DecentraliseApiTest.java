package dev.meshrooms.lite.http.move;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.model.MemberRole;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.RoomIds;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.lite.config.Environment;
import dev.meshrooms.lite.runtime.LiteServer;
import dev.meshrooms.lite.testing.EventStream;
import dev.meshrooms.lite.testing.Http;
import dev.meshrooms.lite.testing.TestServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("POST /api/room/<id>/decentralise, the status stream, and back")
class DecentraliseApiTest {
    private static final String ADMIN = TestServers.ADMIN_TOKEN;
    private LiteServer server;
    private MeshCore core;
    private Http http;

    @BeforeAll
    void start() {
        server = TestServers.start(
                TestServers.newDataDir(),
                Map.of(
                        Environment.MOVE_BATCH_ROWS,
                        "200",
                        Environment.MOVE_THROTTLE_MS,
                        "20",
                        Environment.MOVE_CLEANUP_DELAY_SECONDS,
                        "0"),
                false);
        core = server.runtime().core();
        http = new Http(server.baseUrl());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    @DisplayName(
            "401 without a token, 403 for a member, 202 for the admin, 409 while running; messages sent over HTTP"
                    + " meanwhile all arrive once and in order; the stream reports progress and a late subscriber gets the final state")
    void decentraliseOverHttp() throws Exception {
        UUID adminId = core.admin().user().id();
        Room room = core.roomService().create(new NewRoom("api-move", "API move", Visibility.PUBLIC), adminId);
        Instant t0 = Instant.now().minusSeconds(10_000);
        List<UUID> expected = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            expected.add(core.messages()
                    .sendAt(room.id(), adminId, "message " + i, null, t0.plusSeconds(i))
                    .id());
        }
        var member = core.users().create("member", "Member");
        core.rooms().addMember(room.id(), member.id(), MemberRole.MEMBER);
        String memberToken = core.tokens().issue(member.id(), "test", false);
        String path = "/api/room/" + room.id() + "/decentralise";

        assertThat(http.post(path, null, "{}").status()).isEqualTo(401);
        assertThat(http.post(path, memberToken, "{}").status()).isEqualTo(403);

        List<UUID> sent = new CopyOnWriteArrayList<>();
        List<Integer> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            Http client = new Http(server.baseUrl());
            int i = 0;
            while (writing.get()) {
                var r = client.send(client.request("/api/sendMessage")
                        .header("x-room-id", room.id().toString())
                        .header("Authorization", "Bearer " + ADMIN)
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"body\":\"live " + i++ + "\"}")));
                if (r.status() == 201) {
                    sent.add(UUID.fromString(r.json().at("/id").asText()));
                } else {
                    failures.add(r.status());
                }
            }
        });
        writer.start();
        Http.Response accepted = http.post(path, ADMIN, "{}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String jobId = accepted.json().at("/jobId").asText();
        assertThat(http.post(path, ADMIN, "{}").status()).isEqualTo(409);

        EventStream.Result stream =
                EventStream.read(server.baseUrl() + path + "/status", ADMIN, "status", Duration.ofMinutes(3));
        writing.set(false);
        writer.join(30_000);
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.events()).hasSizeGreaterThan(2);
        JsonNode last = stream.events().get(stream.events().size() - 1);
        assertThat(last.at("/state").asText()).as(last.toString()).isEqualTo("succeeded");
        assertThat(last.at("/jobId").asText()).isEqualTo(jobId);
        assertThat(last.at("/sovereign").asBoolean()).isTrue();
        assertThat(last.at("/percent").asInt()).isEqualTo(100);
        assertThat(last.at("/rowsCopied").asLong()).isGreaterThanOrEqualTo(2000);
        assertThat(last.at("/fenceMillis").asLong()).isLessThan(5000);
        List<String> phases = stream.events().stream()
                .map(e -> e.at("/phase").asText())
                .distinct()
                .toList();
        assertThat(phases).contains("copy-rows", "done");
        List<Integer> percents =
                stream.events().stream().map(e -> e.at("/percent").asInt()).toList();
        assertThat(percents).isSorted();
        assertThat(stream.events().stream().anyMatch(e -> e.at("/etaSeconds").isNumber()))
                .isTrue();

        EventStream.Result late =
                EventStream.read(server.baseUrl() + path + "/status", ADMIN, "status", Duration.ofSeconds(30));
        assertThat(late.events()).hasSize(1);
        assertThat(late.events().get(0).at("/state").asText()).isEqualTo("succeeded");
        assertThat(EventStream.read(server.baseUrl() + path + "/status", null, "status", Duration.ofSeconds(30))
                        .status())
                .isEqualTo(401);

        assertThat(failures).isEmpty();
        assertThat(sent).hasSizeGreaterThan(10);
        expected.addAll(sent);
        List<UUID> stored = storedIds(room.id());
        assertThat(stored).doesNotHaveDuplicates().hasSameSizeAs(expected);
        assertThat(new HashSet<>(stored)).isEqualTo(new HashSet<>(expected));
        List<UUID> liveOrder =
                stored.stream().filter(new HashSet<>(sent)::contains).toList();
        assertThat(liveOrder).containsExactlyElementsOf(sent);
        String schema = RoomIds.shardSchema(room.id());
        assertThat(count("SELECT count(*) FROM " + schema + ".messages WHERE room_id = ?", room.id()))
                .isEqualTo(expected.size());
        assertThat(count("SELECT count(*) FROM mesh.messages WHERE room_id = ?", room.id()))
                .isZero();
        assertThat(http.post(path, ADMIN, "{}").status()).isEqualTo(409);

        String back = "/api/room/" + room.id() + "/recentralise";
        assertThat(http.post(back, memberToken, "{}").status()).isEqualTo(403);
        assertThat(http.post(back, ADMIN, "{}").status()).isEqualTo(202);
        EventStream.Result backStream =
                EventStream.read(server.baseUrl() + back + "/status", ADMIN, "status", Duration.ofMinutes(3));
        JsonNode done = backStream.events().get(backStream.events().size() - 1);
        assertThat(done.at("/state").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.at("/direction").asText()).isEqualTo("recentralise");
        assertThat(count("SELECT count(*) FROM mesh.messages WHERE room_id = ?", room.id()))
                .isEqualTo(expected.size());
        assertThat(count("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + schema + "'", null))
                .isZero();
        assertThat(http.post(back, ADMIN, "{}").status()).isEqualTo(409);
    }

    /** Oldest first, as the API pages them. */
    private List<UUID> storedIds(UUID roomId) {
        List<UUID> ids = new ArrayList<>();
        String cursor = null;
        do {
            var page = core.messages().page(roomId, cursor, 1000);
            page.messages().forEach(v -> ids.add(v.message().id()));
            cursor = page.next();
        } while (cursor != null);
        java.util.Collections.reverse(ids);
        return ids;
    }

    private long count(String sql, UUID roomId) throws Exception {
        try (Connection c = core.internals().pools().global().getConnection();
                PreparedStatement st = c.prepareStatement(sql)) {
            if (roomId != null) {
                st.setObject(1, roomId);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
