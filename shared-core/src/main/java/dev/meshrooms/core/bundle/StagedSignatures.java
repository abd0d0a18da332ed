package dev.meshrooms.core.bundle;

import dev.meshrooms.core.db.Identifiers;
import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.signature.ParallelVerifier;
import dev.meshrooms.core.signature.SignedContent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javax.sql.DataSource;
import org.postgresql.PGStatement;

/**
 * Checks the staged messages' signatures on all cores while the media still upload, so the import's report is ready
 * when it commits: by default those of authors whose public key is a user here already
 * ({@link ImportOptions.SignatureCheck#KNOWN_AUTHORS}), or all of them. The content checked is what the committed
 * room will hold: the original ids, the body as signed
 * (links are rewritten later, into {@code body}, keeping {@code signed_body}), the creation time; the key is the
 * author's from metadata.json — the key the imported message's user will have, since users are matched by public key
 * and ghosts carry the bundle's key.
 */
final class StagedSignatures implements AutoCloseable {
    /** Rows the driver fetches at a time. */
    private static final int FETCH = 1000;
    /**
     * Messages per batch at most: enough that a room's busy authors appear several times in each (checked an author
     * at a time, ~15 % less CPU than batches of 1,000).
     */
    private static final int BATCH = 8192;
    /** What all the batches waiting or being checked may hold together, in messages and in body characters. */
    private static final int ROWS_IN_FLIGHT = 4 * BATCH;

    private static final long CHARS_IN_FLIGHT = 16_000_000;

    private final CompletableFuture<ParallelVerifier.Outcome> outcome = new CompletableFuture<>();
    private final Thread reader;
    private volatile boolean cancelled;

    private StagedSignatures(
            DataSource global, String staging, BundleMetadata metadata, ImportOptions.SignatureCheck which) {
        Map<UUID, byte[]> keys = new HashMap<>();
        for (BundleMetadata.Author a : metadata.authors()) {
            try {
                keys.put(a.id(), Base64.getDecoder().decode(a.publicKey()));
            } catch (IllegalArgumentException e) {
                // not Base64: no key, so that author's messages do not verify
            }
        }
        this.reader = new Thread(
                () -> {
                    try {
                        long start = System.nanoTime();
                        ParallelVerifier.Outcome result = which == ImportOptions.SignatureCheck.ALL
                                ? check(global, staging, keys, null)
                                : check(global, staging, keys, knownAuthors(global, keys));
                        org.slf4j.LoggerFactory.getLogger(StagedSignatures.class)
                                .info(
                                        "{}: {} of {} signatures valid, checked in {} ms",
                                        staging,
                                        result.valid(),
                                        result.checked(),
                                        (System.nanoTime() - start) / 1_000_000);
                        outcome.complete(result);
                    } catch (Throwable e) {
                        outcome.completeExceptionally(e);
                    }
                },
                "mesh-import-signatures");
        this.reader.setDaemon(true);
    }

    static StagedSignatures start(
            DataSource global, String staging, BundleMetadata metadata, ImportOptions.SignatureCheck which) {
        StagedSignatures s = new StagedSignatures(global, staging, metadata, which);
        s.reader.start();
        return s;
    }

    /** The bundle's authors whose public key belongs to a user here (the translation will map them to that user). */
    private static List<UUID> knownAuthors(DataSource global, Map<UUID, byte[]> keys) {
        return Transactions.inTransaction(global, c -> {
            Map<String, List<UUID>> byKey = new HashMap<>();
            keys.forEach((author, key) -> byKey.computeIfAbsent(
                            Base64.getEncoder().encodeToString(key), k -> new ArrayList<>())
                    .add(author));
            List<UUID> known = new ArrayList<>();
            try (PreparedStatement st =
                    c.prepareStatement("SELECT public_key FROM mesh.users WHERE public_key = ANY (?)")) {
                st.setArray(1, c.createArrayOf("bytea", keys.values().toArray(new byte[0][])));
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        known.addAll(byKey.getOrDefault(Base64.getEncoder().encodeToString(rs.getBytes(1)), List.of()));
                    }
                }
            }
            return known;
        });
    }

    /** Checks the messages of {@code authors} (null: of everyone). */
    private ParallelVerifier.Outcome check(
            DataSource global, String staging, Map<UUID, byte[]> keys, List<UUID> authors) {
        if (authors != null && authors.isEmpty()) {
            return new ParallelVerifier.Outcome(0, 0, List.of());
        }
        try (ParallelVerifier verifier = ParallelVerifier.onAllCores()) {
            Transactions.inTransaction(global, c -> {
                try (PreparedStatement st =
                        c.prepareStatement("SELECT id, author_id, body, created_at, signature, original_id,"
                                + " original_room_id, signed_body FROM " + Identifiers.quote(staging) + ".messages"
                                + " WHERE deleted_at IS NULL" + (authors == null ? "" : " AND author_id = ANY (?)"))) {
                    if (authors != null) {
                        st.setArray(1, c.createArrayOf("uuid", authors.toArray()));
                    }
                    st.setFetchSize(FETCH);
                    PGStatement pg = st.unwrap(PGStatement.class);
                    if (pg.getPrepareThreshold() > 0) {
                        // rows in PostgreSQL's binary form: times, ids and signatures as their bytes, not as text
                        // that the server formats and the driver parses again, a million times (a server-side
                        // statement, which a connection set to prepare none, for a pooler, does not get)
                        pg.setPrepareThreshold(-1);
                    }
                    // batches sized so that the verifier's batches in flight stay bounded on any number of cores
                    int batchRows = Math.max(FETCH, Math.min(BATCH, ROWS_IN_FLIGHT / verifier.batchesInFlight()));
                    long batchChars = CHARS_IN_FLIGHT / verifier.batchesInFlight();
                    try (ResultSet rs = st.executeQuery()) {
                        List<ParallelVerifier.Item> batch = new ArrayList<>(batchRows);
                        long chars = 0;
                        while (rs.next()) {
                            if (cancelled) {
                                throw new MeshException(
                                        ErrorCode.INTERNAL, "signature check cancelled: the import failed");
                            }
                            String signedBody = rs.getString(8);
                            Timestamp created = rs.getTimestamp(4);
                            Instant createdAt = created == null ? null : created.toInstant();
                            SignedContent content = new SignedContent(
                                    rs.getObject(6, UUID.class),
                                    rs.getObject(7, UUID.class),
                                    keys.get(rs.getObject(2, UUID.class)),
                                    signedBody != null ? signedBody : rs.getString(3),
                                    createdAt);
                            batch.add(new ParallelVerifier.Item(rs.getObject(1, UUID.class), content, rs.getBytes(5)));
                            chars += content.body().length();
                            if (batch.size() == batchRows || chars >= batchChars) {
                                verifier.submit(batch);
                                batch = new ArrayList<>(batchRows);
                                chars = 0;
                            }
                        }
                        verifier.submit(batch);
                    }
                }
                return null;
            });
            return verifier.finish();
        }
    }

    /** Waits for the check; the invalid ids are the staged (original) ones. */
    ParallelVerifier.Outcome await() {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MeshException mesh) {
                throw mesh;
            }
            throw new MeshException(
                    ErrorCode.INTERNAL, "checking the signatures failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeshException(ErrorCode.INTERNAL, "interrupted while checking signatures");
        }
    }

    /** Stops reading (the import failed) and waits until the staging schema is no longer read. */
    @Override
    public void close() {
        cancelled = true;
        try {
            reader.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
