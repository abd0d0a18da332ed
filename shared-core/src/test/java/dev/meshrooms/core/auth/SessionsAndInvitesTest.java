package dev.meshrooms.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.MemberRole;
import dev.meshrooms.core.model.NewRoom;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.model.Visibility;
import dev.meshrooms.core.testing.TestMesh;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Sessions, sign-in codes and invites")
class SessionsAndInvitesTest {
    private MeshCore mesh;
    private User admin;

    @BeforeAll
    void start() {
        mesh = TestMesh.start();
        admin = mesh.users().create("inv-admin", "Admin");
    }

    @AfterAll
    void stop() {
        mesh.close();
    }

    @Test
    @DisplayName("a session authenticates until signed out; only its hash is stored; the CSRF token belongs to it")
    void sessions() throws Exception {
        User admin = mesh.users().create("sess-user", "Session User");
        Sessions.Started started = mesh.sessions().start(admin.id(), "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0");
        assertThat(started.info().device()).isEqualTo("Chrome on Linux");
        assertThat(mesh.sessions().authenticate(started.secret()))
                .get()
                .extracting(s -> s.principal().userId())
                .isEqualTo(admin.id());
        try (Connection c = mesh.internals().pools().global().getConnection();
                PreparedStatement st = c.prepareStatement("SELECT count(*) FROM mesh.sessions s WHERE secret_hash = ?"
                        + " AND position(? in s::text) = 0")) {
            st.setBytes(1, Secrets.hash(started.secret()));
            st.setString(2, started.secret());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("stored by hash, never in clear").isEqualTo(1);
            }
        }
        String csrf = Sessions.csrfToken(started.secret());
        assertThat(Sessions.csrfMatches(started.secret(), csrf)).isTrue();
        Sessions.Started other = mesh.sessions().start(admin.id(), null);
        assertThat(Sessions.csrfMatches(other.secret(), csrf))
                .as("another session's token")
                .isFalse();

        mesh.sessions().signOut(admin.id(), started.info().id());
        assertThat(mesh.sessions().authenticate(started.secret())).isEmpty();
        assertThat(mesh.sessions().authenticate(other.secret())).isPresent();
        assertThatThrownBy(() ->
                        mesh.sessions().signOut(UUID.randomUUID(), other.info().id()))
                .extracting(e -> ((MeshException) e).code())
                .as("someone else's session")
                .isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(mesh.sessions().signOutEverywhere(admin.id())).isEqualTo(1);
        assertThat(mesh.sessions().authenticate(other.secret())).isEmpty();
        assertThat(mesh.sessions().list(admin.id()))
                .hasSizeGreaterThanOrEqualTo(2)
                .allMatch(s -> s.revokedAt() != null);
    }

    @Test
    @DisplayName("a sign-in code works once")
    void loginCodes() {
        Sessions.LoginCode code = mesh.sessions().loginCode(admin.id());
        Sessions.Started started = mesh.sessions().redeem(code.code(), "curl/8");
        assertThat(mesh.sessions().authenticate(started.secret())).isPresent();
        assertThatThrownBy(() -> mesh.sessions().redeem(code.code(), "curl/8"))
                .extracting(e -> ((MeshException) e).code())
                .isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThatThrownBy(() -> mesh.sessions().redeem("mesh_l_nothing-like-a-real-code-000", null))
                .extracting(e -> ((MeshException) e).code())
                .isEqualTo(ErrorCode.UNAUTHENTICATED);
    }

    @Test
    @DisplayName("an invite makes a user and a member in one go, counts its uses and stops when revoked or used up")
    void invites() {
        Room room = mesh.roomService()
                .create(
                        new NewRoom(
                                "inv-" + UUID.randomUUID().toString().substring(0, 6), "Invites", Visibility.PRIVATE),
                        admin.id());
        RoomInvites.Issued issued =
                mesh.invites().create(room.id(), MemberRole.MEMBER, 2, Duration.ofDays(7), admin.id());
        assertThat(mesh.invites().open(issued.code()).room().id()).isEqualTo(room.id());

        User dana = mesh.invites().joinAsNewUser(issued.code(), "dana", "Dana");
        assertThat(mesh.rooms().members(room.id())).containsEntry(dana.id(), MemberRole.MEMBER);
        assertThat(mesh.users().signingKey(dana.id())).as("can sign messages").isPresent();

        assertThatThrownBy(() -> mesh.invites().joinAsNewUser(issued.code(), "DANA", "Another Dana"))
                .extracting(e -> ((MeshException) e).code())
                .as("handles are unique whatever their case")
                .isEqualTo(ErrorCode.CONFLICT);
        assertThat(mesh.invites().list(room.id()).get(0).uses())
                .as("a refused join uses nothing")
                .isEqualTo(1);
        assertThatThrownBy(() -> mesh.invites().joinAsNewUser(issued.code(), "x", "X"))
                .extracting(e -> ((MeshException) e).code())
                .isEqualTo(ErrorCode.INVALID_INPUT);

        mesh.invites().joinAsNewUser(issued.code(), "erin", "Erin");
        assertThatThrownBy(() -> mesh.invites().joinAsNewUser(issued.code(), "frank", "Frank"))
                .extracting(e -> ((MeshException) e).code())
                .as("used up")
                .isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(mesh.users().findByHandle("frank")).as("no user left behind").isEmpty();

        RoomInvites.Issued second = mesh.invites().create(room.id(), MemberRole.ADMIN, null, null, admin.id());
        mesh.invites().revoke(room.id(), second.invite().id());
        assertThatThrownBy(() -> mesh.invites().open(second.code()))
                .extracting(e -> ((MeshException) e).code())
                .isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThatThrownBy(() ->
                        mesh.invites().revoke(UUID.randomUUID(), second.invite().id()))
                .extracting(e -> ((MeshException) e).code())
                .as("another room's invite")
                .isEqualTo(ErrorCode.NOT_FOUND);
    }
}
