package dev.meshrooms.desktop.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshrooms.core.progress.ProgressListener;
import dev.meshrooms.core.testing.TempDirs;
import dev.meshrooms.desktop.testing.RealBundle;
import dev.meshrooms.lite.config.Environment;
import dev.meshrooms.lite.config.LiteSettings;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The desktop session (embedded PostgreSQL, no window)")
class DesktopSessionTest {
    private DesktopSession session;

    @AfterEach
    void close() {
        if (session != null) {
            session.close();
        }
    }

    @Test
    @DisplayName("a cancelled import leaves no room behind, and the same bundle imports afterwards")
    void cancelLeavesNothing() throws Exception {
        var bundle = RealBundle.demo();
        session = new DesktopSession(LiteSettings.from(
                Map.of(Environment.ADMIN_TOKEN, "test-admin-token-0123456789-abcdefgh"),
                TempDirs.create("mesh-desktop-session"),
                0));
        ImportTicket cancelled = new ImportTicket();
        cancelled.cancel();

        assertThatThrownBy(() -> session.importBundle(bundle, ProgressListener.NONE, cancelled))
                .isInstanceOf(ImportCancelledException.class)
                .hasMessageContaining("nothing was imported");
        assertThat(session.rooms()).isEmpty();

        ImportTicket ticket = new ImportTicket();
        var result = session.importBundle(bundle, ProgressListener.NONE, ticket);
        assertThat(result.slug()).isEqualTo("demo");
        assertThat(ticket.bytesRead()).isEqualTo(Files.size(bundle)).isEqualTo(ticket.fileSize());
        assertThat(session.rooms()).extracting(LocalRoom::slug).containsExactly("demo");
        LocalRoom room = session.rooms().get(0);
        assertThat(room.addedAt())
                .as("when it came to this computer, not when it was made")
                .isAfter(room.createdAt())
                .isBetween(java.time.Instant.now().minusSeconds(120), java.time.Instant.now());
    }

    @Test
    @DisplayName(
            "on a data directory without an admin token, the first server start hands the generated token over once")
    void generatedAdminToken() throws Exception {
        session = new DesktopSession(LiteSettings.from(Map.of(), TempDirs.create("mesh-desktop-token"), 0));
        assertThat(session.newAdminToken()).isNull();

        session.startServer();

        assertThat(session.serverState().running()).isTrue();
        assertThat(session.newAdminToken()).isNotBlank();
        String token = session.newAdminToken();
        session.stopServer();
        session.startServer();
        assertThat(session.newAdminToken())
                .as("kept for this session, not regenerated")
                .isEqualTo(token);
    }
}
