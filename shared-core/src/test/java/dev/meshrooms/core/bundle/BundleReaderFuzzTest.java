package dev.meshrooms.core.bundle;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdOutputStream;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.progress.ProgressListener;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Whatever the bytes, {@link BundleVerifier#verify} returns a report — ok, or refused with a reason — and nothing
 * else escapes: no unchecked exception, no OutOfMemoryError. Three shapes of input reach three depths: raw bytes
 * (the zstd decoder), zstd-compressed raw bytes (the tar reader) and well-formed tar streams of fuzzed entries
 * (names, types, order, metadata.json fields, db.sql statements and rows, hashes right or wrong).
 *
 * <p>Excluded from the normal build; {@code ./mvnw -B -pl shared-core -Pfuzz test} fuzzes it for
 * {@code fuzz.duration} (60 s by default). Without the profile, {@code -Dtest=BundleReaderFuzzTest} replays the
 * stored inputs only.
 */
class BundleReaderFuzzTest {
    /** The defaults, but with a 1 MiB ratio grace and a 64 MiB total, so a zstd bomb costs milliseconds, not seconds. */
    private static final BundleLimits LIMITS = new BundleLimits(10_000, 64L << 20, 1 << 20, 1 << 16, 200, 1 << 20);

    private static final ObjectMapper JSON = MeshCore.json();
    private static final byte[] TYPES = {
        TarConstants.LF_NORMAL,
        TarConstants.LF_OLDNORM,
        TarConstants.LF_LINK,
        TarConstants.LF_SYMLINK,
        TarConstants.LF_CHR,
        TarConstants.LF_BLK,
        TarConstants.LF_DIR,
        TarConstants.LF_FIFO,
        TarConstants.LF_CONTIG,
        TarConstants.LF_GNUTYPE_SPARSE
    };
    private static final String[] NAMES = {
        "metadata.json",
        "db.sql",
        "media/",
        "media/a.png",
        "media/x/b.bin",
        "../x",
        "media/../../x",
        "/etc/passwd",
        "./db.sql",
        "media/a b.png",
        "evil.sh",
        "media/a..b",
        "C:/x",
        "media\\x",
        ""
    };
    private static final String[] STATEMENTS = {
        "SET client_encoding = 'UTF8';",
        "DROP TABLE mesh.rooms;",
        "SET a = 1; DROP TABLE x;",
        "\\! id",
        "\\restrict abc",
        "COPY x.messages (id) FROM PROGRAM 'id';",
        "CREATE TABLE room_x.messages (\n id uuid\n);",
        "COPY room_x.flyway_room_history (a) FROM stdin;\nrow\n\\.",
        "COMMENT ON TABLE x IS 'a;b';",
        "GRANT ALL ON SCHEMA x TO y",
        "SELECT pg_catalog.set_config('a', 'b', false);"
    };
    private static final String MESSAGE_COLUMNS =
            "id, room_id, author_id, body, created_at, edited_at, reply_to, signature,"
                    + " original_id, original_room_id, signed_body";
    private static final String MEDIA_COLUMNS = "id, room_id, message_id, object_key, url, content_type, size, sha256";

    /** Fixed, so that an input always means the same bundle and a finding reproduces. */
    private static final String ID = "6f1c2d3e-0000-4000-8000-000000000001";

    private final BundleVerifier verifier = new BundleVerifier(LIMITS, JSON);

    @FuzzTest
    void verifyReturnsAReport(FuzzedDataProvider data) {
        byte[] bundle;
        switch (data.consumeInt(0, 2)) {
            case 0 -> bundle = data.consumeRemainingAsBytes();
            case 1 -> bundle = zstd(data.consumeRemainingAsBytes());
            default -> {
                bundle = structured(data);
                if (bundle == null) {
                    return;
                }
            }
        }
        BundleReport report = verifier.verify(new ByteArrayInputStream(bundle), "fuzz.tar.zst", ProgressListener.NONE);
        // a dry run says what is wrong, without "nothing was imported" (it imports nothing either way)
        if (report == null
                || (!report.ok()
                        && (report.problem() == null
                                || report.problem().isBlank()
                                || report.problem().endsWith(BundleException.NOTHING_IMPORTED)))) {
            throw new AssertionError("a dry run's refusal must say why, as a dry run: " + report);
        }
    }

    /** A tar stream of fuzzed entries around a mostly valid bundle; null when the tar writer itself refuses them. */
    private static byte[] structured(FuzzedDataProvider data) {
        int mediaCount = data.consumeInt(0, 3);
        List<byte[]> media = new ArrayList<>();
        for (int i = 0; i < mediaCount; i++) {
            media.add(data.consumeBytes(data.consumeInt(0, 3000)));
        }
        byte[] dbSql = dbSql(data).getBytes(StandardCharsets.UTF_8);
        byte[] metadata = data.consumeBoolean() ? metadata(data, dbSql, media) : data.consumeBytes(500);

        BundleBuilder b =
                BundleBuilder.empty().add(BundleNames.METADATA, metadata).add(BundleNames.DB_SQL, dbSql);
        for (int i = 0; i < mediaCount; i++) {
            b.add("media/m" + i + ".bin", media.get(i));
        }
        for (int changes = data.consumeInt(0, 3); changes > 0; changes--) {
            List<String> names = b.names();
            switch (data.consumeInt(0, 3)) {
                case 0 ->
                    b.insert(
                            data.consumeInt(0, names.size()),
                            new BundleBuilder.Part(
                                    name(data),
                                    data.pickValue(TYPES),
                                    data.consumeBoolean() ? "metadata.json" : null,
                                    data.consumeBytes(200)));
                case 1 -> {
                    if (!names.isEmpty()) {
                        b.remove(data.pickValue(names));
                    }
                }
                case 2 -> {
                    if (!names.isEmpty()) {
                        b.move(data.pickValue(names), data.consumeInt(0, names.size() - 1));
                    }
                }
                default -> {
                    if (!names.isEmpty()) {
                        String name = data.pickValue(names);
                        b.replace(name, new BundleBuilder.Part(name, data.pickValue(TYPES), null, b.content(name)));
                    }
                }
            }
        }
        try {
            byte[] built = b.build();
            return data.consumeBoolean() ? built : java.util.Arrays.copyOf(built, data.consumeInt(0, built.length));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String name(FuzzedDataProvider data) {
        return data.consumeBoolean() ? data.pickValue(NAMES) : data.consumeString(120);
    }

    private static String dbSql(FuzzedDataProvider data) {
        StringBuilder sql = new StringBuilder("SET client_encoding = 'UTF8';\n");
        if (data.consumeBoolean()) {
            sql.append(data.pickValue(STATEMENTS)).append('\n');
        }
        sql.append("COPY room_x.messages (")
                .append(data.consumeBoolean() ? MESSAGE_COLUMNS : data.consumeString(100))
                .append(") FROM stdin;\n");
        for (int rows = data.consumeInt(0, 3); rows > 0; rows--) {
            sql.append(data.consumeBoolean() ? messageRow(data) : data.consumeString(300))
                    .append('\n');
        }
        if (data.consumeBoolean()) {
            sql.append("\\.\n");
        }
        if (data.consumeBoolean()) {
            sql.append("COPY room_x.media (")
                    .append(MEDIA_COLUMNS)
                    .append(") FROM stdin;\n")
                    .append(data.consumeString(300))
                    .append("\n\\.\n");
        }
        if (data.consumeBoolean()) {
            sql.append(data.consumeBoolean() ? data.pickValue(STATEMENTS) : data.consumeString(200))
                    .append('\n');
        }
        return sql.toString();
    }

    private static String messageRow(FuzzedDataProvider data) {
        return String.join(
                "\t",
                ID,
                ID,
                ID,
                data.consumeString(100),
                "2024-01-01 00:00:00+00",
                "\\N",
                "\\N",
                "\\\\x00",
                ID,
                ID,
                "\\N");
    }

    private static byte[] metadata(FuzzedDataProvider data, byte[] dbSql, List<byte[]> media) {
        ObjectNode m = JSON.createObjectNode();
        m.put("formatVersion", data.consumeBoolean() ? BundleNames.FORMAT_VERSION : data.consumeInt());
        m.put("schemaVersion", data.consumeInt(-1, 4));
        ObjectNode room = m.putObject("room");
        room.put("id", ID);
        room.put("slug", data.consumeBoolean() ? "garden" : data.consumeString(70));
        room.put("name", data.consumeString(210));
        room.put("visibility", data.consumeBoolean() ? "public" : data.consumeString(10));
        ArrayNode authors = m.putArray("authors");
        for (int i = data.consumeInt(0, 2); i > 0; i--) {
            authors.addObject()
                    .put("id", ID)
                    .put("handle", data.consumeString(70))
                    .put(
                            "publicKey",
                            data.consumeBoolean()
                                    ? Base64.getEncoder().encodeToString(data.consumeBytes(32))
                                    : data.consumeString(50));
        }
        if (data.consumeBoolean()) {
            authors.addNull();
        }
        m.putObject("dbSql")
                .put("size", data.consumeBoolean() ? dbSql.length : data.consumeLong())
                .put("sha256", data.consumeBoolean() ? sha(dbSql) : data.consumeString(64));
        if (data.consumeBoolean()) {
            m.putNull("media");
        } else {
            ArrayNode files = m.putArray("media");
            for (int i = 0; i < media.size(); i++) {
                byte[] bytes = media.get(i);
                files.addObject()
                        .put("key", data.consumeBoolean() ? "m" + i + ".bin" : data.consumeString(30))
                        .put("size", data.consumeBoolean() ? bytes.length : data.consumeLong())
                        .put("sha256", data.consumeBoolean() ? sha(bytes) : data.consumeString(64))
                        .put("contentType", data.consumeBoolean() ? "image/png" : data.consumeString(20));
            }
        }
        if (data.consumeBoolean()) {
            m.putArray("members")
                    .addObject()
                    .put("userId", data.consumeString(40))
                    .put("role", data.consumeString(10));
        }
        try {
            return JSON.writeValueAsBytes(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha(byte[] bytes) {
        return Hashing.hex(Hashing.sha256().digest(bytes));
    }

    private static byte[] zstd(byte[] tar) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZstdOutputStream zstd = new ZstdOutputStream(out, 1)) {
            zstd.write(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
