package dev.meshrooms.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.routing.DatabaseServer;
import dev.meshrooms.core.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

@DisplayName("Rows of db.sql through several COPYs at once")
class StagingCopyTest {
    /** ~120 bytes a row: 64 KiB messages of ~530 rows each. */
    private static final int ROWS = 20_000;

    private DatabaseServer db;
    private final List<Connection> connections = new ArrayList<>();

    @BeforeEach
    void setUp() throws SQLException {
        db = TestPostgres.newDatabase();
        try (Connection c = db.connect("staging-copy-test");
                Statement st = c.createStatement()) {
            st.execute("CREATE UNLOGGED TABLE rows (id uuid NOT NULL, n int NOT NULL, body text NOT NULL)");
        }
    }

    @AfterEach
    void tearDown() throws SQLException {
        for (Connection c : connections) {
            c.close();
        }
    }

    @Test
    @DisplayName("every row arrives once, and each COPY takes its share")
    void everyRowOnce() throws SQLException {
        List<CopyIn> copies = copies(2);
        StagingCopy sink = new StagingCopy(copies, () -> {}, StagingCopyTest::refused);
        for (int n = 0; n < ROWS; n++) {
            byte[] line = row(UUID.randomUUID().toString(), n);
            sink.row(line, line.length);
        }
        // a line longer than a whole message goes on its own
        byte[] long1 = (UUID.randomUUID() + "\t" + ROWS + "\t" + "y".repeat(70_000)).getBytes(StandardCharsets.UTF_8);
        sink.row(long1, long1.length);
        sink.end();
        assertThat(copies).allSatisfy(c -> assertThat(c.getHandledRowCount()).isGreaterThan(ROWS / 4));
        assertThat(copies.get(0).getHandledRowCount() + copies.get(1).getHandledRowCount())
                .isEqualTo(ROWS + 1);
        try (Connection c = db.connect("staging-copy-test");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT count(*), count(DISTINCT n), min(n), max(n)," + " sum(length(body)) FROM rows")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(ROWS + 1);
            assertThat(rs.getLong(2)).isEqualTo(ROWS + 1);
            assertThat(rs.getLong(3)).isZero();
            assertThat(rs.getLong(4)).isEqualTo(ROWS);
            assertThat(rs.getLong(5)).isEqualTo(ROWS * 80L + 70_000);
        }
    }

    @Test
    @DisplayName("a row PostgreSQL refuses in either COPY fails the load, and no COPY is left open")
    void refusedRow() throws SQLException {
        // row 10 is in the first 64 KiB message, which goes to the first COPY (its end fails while the second's is
        // still open); row 1000 in the second message, which goes to the second COPY
        for (int bad : new int[] {10, 1_000}) {
            List<CopyIn> copies = copies(2);
            StagingCopy sink = new StagingCopy(copies, () -> {}, StagingCopyTest::refused);
            assertThatThrownBy(() -> {
                        for (int n = 0; n < ROWS; n++) {
                            byte[] line = row(
                                    n == bad ? "not-a-uuid" : UUID.randomUUID().toString(), n);
                            sink.row(line, line.length);
                        }
                        sink.end();
                    })
                    .isInstanceOfSatisfying(
                            MeshException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BUNDLE_INVALID))
                    .hasMessageContaining("not-a-uuid");
            assertThat(copies).as("bad row " + bad).noneMatch(CopyIn::isActive);
        }
        for (Connection c : connections) {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT 1")) {
                assertThat(rs.next()).as("the connection is usable again").isTrue();
            }
        }
    }

    @Test
    @DisplayName("a check before each message can stop the load midway or at its end; every COPY is cancelled then")
    void stoppedBeforeAMessage() throws SQLException {
        for (int stopAt : new int[] {3, 1}) {
            List<CopyIn> copies = copies(2);
            int[] messages = {0};
            StagingCopy sink = new StagingCopy(
                    copies,
                    () -> {
                        if (++messages[0] == stopAt) {
                            throw new MeshException(ErrorCode.INTERNAL, "stopped");
                        }
                    },
                    StagingCopyTest::refused);
            // 3: the third 64 KiB message, while rows still come; 1: the only message, sent by end()
            int rows = stopAt == 3 ? ROWS : 100;
            assertThatThrownBy(() -> {
                        for (int n = 0; n < rows; n++) {
                            byte[] line = row(UUID.randomUUID().toString(), n);
                            sink.row(line, line.length);
                        }
                        sink.end();
                    })
                    .hasMessage("stopped");
            assertThat(copies).as("stopped at message " + stopAt).noneMatch(CopyIn::isActive);
        }
        try (Connection c = db.connect("staging-copy-test");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM rows")) {
            rs.next();
            assertThat(rs.getLong(1)).as("cancelled COPYs store nothing").isZero();
        }
    }

    private List<CopyIn> copies(int n) throws SQLException {
        List<CopyIn> copies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Connection c = db.connect("staging-copy-test");
            connections.add(c);
            copies.add(c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY rows (id, n, body) FROM STDIN"));
        }
        return copies;
    }

    /** id, n and a body of 80 x's. */
    private static byte[] row(String id, int n) {
        return (id + "\t" + n + "\t" + "x".repeat(80)).getBytes(StandardCharsets.UTF_8);
    }

    private static MeshException refused(SQLException e) {
        return BundleException.invalid("db.sql", "the COPY data was refused by PostgreSQL (" + e.getMessage() + ")");
    }
}
