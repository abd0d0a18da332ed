package dev.meshrooms.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshrooms.core.CoreSettings;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.auth.ApiTokens;
import dev.meshrooms.core.model.User;
import dev.meshrooms.core.routing.DatabaseServer;
import dev.meshrooms.core.testing.TestMesh;
import dev.meshrooms.core.testing.TestPostgres;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Tokens and users a server keeps in memory are dropped when another server or a tool changes them")
class ChangeFeedTest {
    private static final Duration AT_MOST = Duration.ofSeconds(5);
    private MeshCore here;
    private MeshCore elsewhere;

    @BeforeAll
    void start() {
        CoreSettings settings = TestMesh.settingsBuilder(
                        TestPostgres.newDatabase(), List.of(), CoreSettings.DEFAULT_POOL_SIZE)
                .build();
        here = TestMesh.start(settings);
        elsewhere = TestMesh.start(settings);
        awaitListening();
    }

    @AfterAll
    void stop() {
        here.close();
        elsewhere.close();
    }

    @Test
    @DisplayName("a token revoked on another server stops working here within moments")
    void revokedElsewhere() throws Exception {
        User user = here.users().create("feed-" + UUID.randomUUID().toString().substring(0, 8), "Feed");
        ApiTokens.Issued issued = here.tokens().issue(user.id(), "phone", false, null);
        assertThat(here.tokens().authenticate(issued.token())).isPresent();

        long start = System.nanoTime();
        elsewhere.tokens().revoke(issued.info().id());
        assertThat(eventually(() -> here.tokens().authenticate(issued.token()).isEmpty()))
                .as("the revoked token refused here")
                .isTrue();
        System.out.printf(
                "revocation elsewhere seen here after %d ms%n",
                Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    @Test
    @DisplayName("active tokens are kept: a change nobody announces is not seen, an announced one is")
    void keptUntilAnnounced() throws Exception {
        User user = here.users().create("kept-" + UUID.randomUUID().toString().substring(0, 8), "Kept");
        ApiTokens.Issued issued = here.tokens().issue(user.id(), "laptop", false, null);
        assertThat(here.tokens().authenticate(issued.token())).isPresent();

        revokeSilently(issued.info().id());
        assertThat(here.tokens().authenticate(issued.token()))
                .as("kept in memory: the silent revocation is not seen")
                .isPresent();

        // any announced change of the table drops what was kept
        elsewhere.tokens().issue(user.id(), "other", false, null);
        elsewhere
                .tokens()
                .revoke(elsewhere.tokens().list().stream()
                        .filter(t -> t.label().equals("other") && t.userId().equals(user.id()))
                        .findFirst()
                        .orElseThrow()
                        .id());
        assertThat(eventually(() -> here.tokens().authenticate(issued.token()).isEmpty()))
                .isTrue();
    }

    @Test
    @DisplayName("a user renamed by another server is seen here with the new name")
    void userChangedElsewhere() throws Exception {
        User user =
                here.users().create("renamed-" + UUID.randomUUID().toString().substring(0, 8), "Before");
        assertThat(here.users().findById(user.id()).orElseThrow().displayName()).isEqualTo("Before");
        try (Connection c = elsewhere.internals().pools().global().getConnection();
                PreparedStatement st =
                        c.prepareStatement("UPDATE mesh.users SET display_name = 'After' WHERE id = ?")) {
            st.setObject(1, user.id());
            st.executeUpdate();
        }
        assertThat(eventually(() -> here.users()
                        .findById(user.id())
                        .orElseThrow()
                        .displayName()
                        .equals("After")))
                .isTrue();
    }

    @Test
    @DisplayName("when its connection is lost, the feed drops everything and listens again")
    void connectionLost() throws Exception {
        User user = here.users().create("lost-" + UUID.randomUUID().toString().substring(0, 8), "Lost");
        ApiTokens.Issued issued = here.tokens().issue(user.id(), "tablet", false, null);
        assertThat(here.tokens().authenticate(issued.token())).isPresent();

        try (Connection c = elsewhere.internals().pools().global().getConnection();
                Statement st = c.createStatement()) {
            st.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'mesh-changes'");
        }
        // a change made while nobody listens is never announced to this process
        revokeSilently(issued.info().id());
        assertThat(eventually(() -> here.tokens().authenticate(issued.token()).isEmpty()))
                .as("the token revoked while the feed was down refused here")
                .isTrue();
        awaitListening();
    }

    @Test
    @DisplayName("a connection that never delivers notifications (as behind a transaction-mode pooler) keeps nothing")
    void deafConnectionKeepsNothing() throws Exception {
        DatabaseServer database = TestPostgres.newDatabase();
        try (ChangeFeed deaf = ChangeFeed.listen(() -> withoutListen(database.connect("deaf-feed")));
                ChangeFeed hearing = ChangeFeed.listen(() -> database.connect("hearing-feed"))) {
            AtomicInteger deafLoads = new AtomicInteger();
            AtomicInteger hearingLoads = new AtomicInteger();
            NotifiedCache<String, String> deafCache = new NotifiedCache<>(deaf.table("users"), 10, Duration.ofHours(1));
            NotifiedCache<String, String> hearingCache =
                    new NotifiedCache<>(hearing.table("users"), 10, Duration.ofHours(1));
            assertThat(eventually(hearing::listening)).isTrue();
            Thread.sleep(1_000);
            for (int i = 0; i < 3; i++) {
                deafCache.get("alice", k -> "Alice " + deafLoads.incrementAndGet());
                hearingCache.get("alice", k -> "Alice " + hearingLoads.incrementAndGet());
            }
            assertThat(deaf.listening())
                    .as("a feed whose heartbeat never comes back")
                    .isFalse();
            assertThat(deafLoads).as("reads without a listening feed").hasValue(3);
            assertThat(hearingLoads).as("reads with a listening feed").hasValue(1);
        }
    }

    /** The connection, but its LISTEN does nothing: notifications never reach it. */
    private static Connection withoutListen(Connection real) {
        return (Connection) Proxy.newProxyInstance(
                ChangeFeedTest.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    Object result = method.invoke(real, args);
                    if (method.getName().equals("createStatement")) {
                        Statement statement = (Statement) result;
                        return Proxy.newProxyInstance(
                                ChangeFeedTest.class.getClassLoader(),
                                new Class<?>[] {Statement.class},
                                (p, m, a) -> m.getName().equals("execute")
                                                && a != null
                                                && a[0] instanceof String sql
                                                && sql.startsWith("LISTEN")
                                        ? m.invoke(statement, "SELECT 1")
                                        : m.invoke(statement, a));
                    }
                    return result;
                });
    }

    /** Revokes a token without the trigger that announces it (as if the announcement were lost). */
    private void revokeSilently(UUID tokenId) throws SQLException {
        try (Connection c = elsewhere.internals().pools().global().getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("ALTER TABLE mesh.api_tokens DISABLE TRIGGER api_tokens_changed");
            }
            try (PreparedStatement st =
                    c.prepareStatement("UPDATE mesh.api_tokens SET revoked_at = now() WHERE id = ?")) {
                st.setObject(1, tokenId);
                st.executeUpdate();
            }
            try (Statement st = c.createStatement()) {
                st.execute("ALTER TABLE mesh.api_tokens ENABLE TRIGGER api_tokens_changed");
            }
            c.commit();
        }
    }

    private void awaitListening() {
        assertThat(eventually(() -> here.internals().changes().listening()
                        && elsewhere.internals().changes().listening()))
                .as("both feeds listening")
                .isTrue();
    }

    private static boolean eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + AT_MOST.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
