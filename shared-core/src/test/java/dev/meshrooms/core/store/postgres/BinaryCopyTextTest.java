package dev.meshrooms.core.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshrooms.core.routing.DatabaseServer;
import dev.meshrooms.core.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Rows of a binary COPY become the text PostgreSQL's own COPY writes")
class BinaryCopyTextTest {
    private static final List<BinaryCopyText.Type> TYPES = List.of(
            BinaryCopyText.Type.UUID,
            BinaryCopyText.Type.TEXT,
            BinaryCopyText.Type.TIMESTAMPTZ,
            BinaryCopyText.Type.TIMESTAMPTZ,
            BinaryCopyText.Type.BYTEA,
            BinaryCopyText.Type.UUID);
    private static final String SELECT =
            "SELECT id::uuid, body::text, at::timestamptz, edited::timestamptz, sig::bytea, reply::uuid"
                    + " FROM rows ORDER BY n";
    private Connection connection;

    @BeforeAll
    void fill() throws SQLException {
        DatabaseServer db = TestPostgres.newDatabase();
        connection = DriverManager.getConnection(db.url(), db.user(), "");
        try (Statement st = connection.createStatement()) {
            st.execute(
                    "CREATE TABLE rows (n serial, id uuid NOT NULL, body text, at timestamptz, edited timestamptz, sig bytea,"
                            + " reply uuid)");
            StringBuilder controls = new StringBuilder();
            for (int c = 1; c < 32; c++) {
                controls.append("chr(").append(c).append(") || ");
            }
            st.execute(
                    "INSERT INTO rows (id, body, at, edited, sig, reply) VALUES"
                            + " (gen_random_uuid(), " + controls
                            + "'\\ back\\slash \\N tab	end', '2000-01-01 00:00:00+00', NULL, '\\x', NULL),"
                            + " (gen_random_uuid(), 'é 中 😀 ü', '1999-12-31 23:59:59.999999+00', '2026-11-26 09:21:46.5+00',"
                            + "    '\\x00ff10', gen_random_uuid()),"
                            + " (gen_random_uuid(), '', '2026-11-26 09:21:46.000001+00', '1970-01-01 00:00:00+00', NULL, NULL),"
                            + " ('00000000-0000-0000-0000-000000000000', NULL, '0001-01-01 00:00:00+00', '0044-03-15 12:34:56.78+00 BC',"
                            + "    NULL, 'ffffffff-ffff-ffff-ffff-ffffffffffff'),"
                            + " (gen_random_uuid(), 'far', '4713-01-01 00:00:00+00 BC', '294276-12-31 23:59:59.999999+00', NULL, NULL),"
                            + " (gen_random_uuid(), 'endless', 'infinity', '-infinity', NULL, NULL),"
                            + " (gen_random_uuid(), 'ten thousand', '10000-01-01 00:00:00+00', '1900-02-28 23:00:00.12+00', NULL, NULL)");
            st.execute("INSERT INTO rows (id, body, at, edited, sig, reply)"
                    + " SELECT gen_random_uuid(),"
                    + "  (SELECT string_agg(chr(1 + (random() * 1200)::int), '') FROM generate_series(1, (random() * 80)::int + g * 0)),"
                    + "  timestamptz '1800-01-01 00:00:00+00' + random() * interval '300 years',"
                    + "  CASE WHEN g % 3 = 0 THEN NULL ELSE timestamptz '2020-01-01 00:00:00+00' + g * interval '1.25 s' END,"
                    + "  decode(repeat(md5(random()::text), (g % 5)), 'hex'),"
                    + "  CASE WHEN g % 2 = 0 THEN NULL ELSE gen_random_uuid() END"
                    + " FROM generate_series(1, 3000) g");
        }
    }

    @AfterAll
    void close() throws SQLException {
        connection.close();
    }

    @Test
    @DisplayName(
            "byte for byte PostgreSQL's text COPY (TimeZone UTC): escapes, nulls, unicode, BC, infinity, far years;"
                    + " a uuid column's distinct values collected")
    void sameAsTextCopy() throws Exception {
        byte[] expected = textCopy();
        List<byte[]> messages = binaryMessages();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DistinctUuids replies = new DistinctUuids();
        BinaryCopyText text = new BinaryCopyText(TYPES, out).collectDistinct(5, replies);
        for (byte[] m : messages) {
            text.accept(m);
        }
        text.finish();
        assertThat(text.rows()).isEqualTo(3007);
        assertThat(replies.toSet())
                .as("the distinct values of a uuid column, collected on the way")
                .hasSizeGreaterThan(1000)
                .isEqualTo(distinctReplies());
        assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8))
                .isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(out.toByteArray()).isEqualTo(expected);
    }

    @Test
    @DisplayName("rows cut across messages anywhere are put together")
    void anyCut() throws Exception {
        byte[] expected = textCopy();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] m : binaryMessages()) {
            all.write(m);
        }
        byte[] stream = all.toByteArray();
        for (int cut : new int[] {1, 7, 13, 4096}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryCopyText text = new BinaryCopyText(TYPES, out);
            for (int at = 0; at < stream.length; at += cut) {
                text.accept(Arrays.copyOfRange(stream, at, Math.min(stream.length, at + cut)));
            }
            text.finish();
            assertThat(out.toByteArray()).as("cut every %d bytes", cut).isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("a row of other fields, a cut stream or a wrong signature fails, saying so")
    void malformed() throws Exception {
        List<byte[]> messages = binaryMessages();
        BinaryCopyText fewer = new BinaryCopyText(TYPES.subList(0, 5), new ByteArrayOutputStream());
        assertThatThrownBy(() -> fewer.accept(messages.get(0)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("a row of 6 fields where 5 were expected");

        BinaryCopyText cut = new BinaryCopyText(TYPES, new ByteArrayOutputStream());
        cut.accept(messages.get(0));
        cut.accept(Arrays.copyOf(messages.get(1), messages.get(1).length - 3));
        assertThatThrownBy(cut::finish).isInstanceOf(IOException.class).hasMessageContaining("ended inside a row");

        byte[] first = messages.get(0).clone();
        first[0] = 'X';
        BinaryCopyText unsigned = new BinaryCopyText(TYPES, new ByteArrayOutputStream());
        assertThatThrownBy(() -> unsigned.accept(first))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("signature");
    }

    private Set<UUID> distinctReplies() throws SQLException {
        Set<UUID> replies = new HashSet<>();
        try (Statement st = connection.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT DISTINCT reply FROM rows WHERE reply IS NOT NULL")) {
            while (rs.next()) {
                replies.add(rs.getObject(1, UUID.class));
            }
        }
        return replies;
    }

    private byte[] textCopy() throws SQLException, IOException {
        try (Statement st = connection.createStatement()) {
            st.execute("SET TimeZone = 'UTC'");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        connection.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + SELECT + ") TO STDOUT", out);
        return out.toByteArray();
    }

    private List<byte[]> binaryMessages() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("SET TimeZone = 'Pacific/Chatham'"); // binary rows do not depend on it
        }
        CopyOut copy = connection
                .unwrap(PGConnection.class)
                .getCopyAPI()
                .copyOut("COPY (" + SELECT + ") TO STDOUT (FORMAT binary)");
        List<byte[]> messages = new ArrayList<>();
        for (byte[] m; (m = copy.readFromCopy()) != null; ) {
            messages.add(m);
        }
        return messages;
    }
}
