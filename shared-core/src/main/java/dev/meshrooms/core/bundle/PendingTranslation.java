package dev.meshrooms.core.bundle;

import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Runs an import's {@link ImportTranslation} in its own transaction while the media are still uploading, then holds
 * the transaction open: {@link #commit} finishes it once the whole bundle has checked out (every hash, every upload),
 * {@link #abort} rolls it back. Until the commit nothing of it is visible, as before; only the wall-clock time of the
 * translation now hides behind the media.
 */
final class PendingTranslation {
    private final CompletableFuture<byte[]> verdict = new CompletableFuture<>();
    private final CompletableFuture<IdMapping> result = new CompletableFuture<>();
    private final Thread thread;
    /** The translation's connection while its transaction is open (guarded by this). */
    private Connection connection;

    /** The last step, inside the same transaction, given the bundle's SHA-256. */
    interface Finish {
        IdMapping apply(ImportTranslation translation, byte[] bundleSha) throws SQLException;
    }

    private PendingTranslation(
            DataSource global,
            Function<Connection, ImportTranslation> translation,
            ImportOptions options,
            Finish finish) {
        this.thread = new Thread(
                () -> {
                    try {
                        result.complete(Transactions.inTransaction(global, c -> {
                            synchronized (this) {
                                connection = c;
                            }
                            try {
                                ImportTranslation t = translation.apply(c);
                                long start = System.nanoTime();
                                t.prepare(options);
                                org.slf4j.LoggerFactory.getLogger(PendingTranslation.class)
                                        .info(
                                                "import translation prepared in {} ms ({}); waiting for the media",
                                                (System.nanoTime() - start) / 1_000_000,
                                                t.timings());
                                return finish.apply(t, awaitVerdict());
                            } finally {
                                // before the transaction ends and the connection goes back to the pool: abort()
                                // must never cancel on a connection returned (a closed proxy, or someone else's)
                                synchronized (this) {
                                    connection = null;
                                }
                            }
                        }));
                    } catch (Throwable e) {
                        result.completeExceptionally(e);
                    }
                },
                "mesh-import-translate");
        this.thread.setDaemon(true);
    }

    static PendingTranslation start(
            DataSource global,
            Function<Connection, ImportTranslation> translation,
            ImportOptions options,
            Finish finish) {
        PendingTranslation p = new PendingTranslation(global, translation, options, finish);
        p.thread.start();
        return p;
    }

    private byte[] awaitVerdict() {
        try {
            return verdict.get();
        } catch (ExecutionException e) {
            throw new MeshException(
                    ErrorCode.INTERNAL, "import aborted: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeshException(ErrorCode.INTERNAL, "interrupted while importing");
        }
    }

    /** Finishes the translation with the bundle's SHA-256 and commits; throws what the translation threw. */
    IdMapping commit(byte[] bundleSha) {
        verdict.complete(bundleSha);
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new MeshException(
                    ErrorCode.INTERNAL, "the import's translation failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeshException(ErrorCode.INTERNAL, "interrupted while importing");
        }
    }

    /** Rolls the translation back (cancelling a statement under way) and waits until its transaction has ended. */
    void abort() {
        verdict.completeExceptionally(new IllegalStateException("the import failed"));
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (thread.isAlive() && System.nanoTime() < deadline) {
            synchronized (this) {
                if (connection != null) {
                    try {
                        connection.unwrap(PGConnection.class).cancelQuery();
                    } catch (SQLException ignored) {
                        // the statement ended by itself
                    }
                }
            }
            try {
                thread.join(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
