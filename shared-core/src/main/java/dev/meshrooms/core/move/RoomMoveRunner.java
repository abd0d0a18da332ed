package dev.meshrooms.core.move;

import dev.meshrooms.core.db.Transactions;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.media.MediaStore;
import dev.meshrooms.core.model.ShardLocation;
import dev.meshrooms.core.routing.ConnectionPools;
import dev.meshrooms.core.routing.RoomStores;
import dev.meshrooms.core.shard.ShardIndexes;
import dev.meshrooms.core.shard.ShardProvisioner;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one move job through its phases, resuming wherever the record says it stopped: provision → copy rows →
 * copy media → catch-up → fence + routing switch → cleanup. Failures are recorded on the job with a sentence a person
 * can act on (the wizard shows it with Retry); a stop of this process leaves the job running, for the scheduler to
 * resume here or on another node.
 */
final class RoomMoveRunner {
    private static final Logger LOG = LoggerFactory.getLogger(RoomMoveRunner.class);
    private static final int QUIET_CHANGES = 200;
    private static final int MAX_PASSES = 10;
    private static final int DELETE_BATCH = 20_000;
    private static final int MAX_FENCE_ATTEMPTS = 50;
    private static final long FIRST_FENCE_PAUSE_MILLIS = 250;
    private static final long MAX_FENCE_PAUSE_MILLIS = 30_000;
    private static final String SEALED = "sealed";
    private static final String INDEXED = "indexed";
    private final MoveJobs jobs;
    private final ConnectionPools pools;
    private final RoomStores stores;
    private final MediaStore store;
    private final String sharedBucket;
    private final Supplier<ShardProvisioner> provisioner;
    private final MoveSettings settings;
    private final Duration fenceBudget;
    private volatile boolean stopping;

    RoomMoveRunner(
            MoveJobs jobs,
            ConnectionPools pools,
            RoomStores stores,
            MediaStore store,
            String sharedBucket,
            Supplier<ShardProvisioner> provisioner,
            MoveSettings settings,
            Duration fenceBudget) {
        this.jobs = jobs;
        this.pools = pools;
        this.stores = stores;
        this.store = store;
        this.sharedBucket = sharedBucket;
        this.provisioner = provisioner;
        this.settings = settings;
        this.fenceBudget = fenceBudget;
    }

    void stop() {
        stopping = true;
    }

    /** Signals that this process is stopping; the job stays running and resumes elsewhere or on the next start. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopping", null, false, false);
        }
    }

    void run(UUID jobId) {
        MoveJob job = jobs.find(jobId).orElse(null);
        if (job == null || !job.running()) {
            return;
        }
        jobs.attempt(jobId);
        LOG.info("{} of room {} resumes in phase {}", job.direction().dbValue(), job.roomId(), job.phase());
        try {
            runPhases(job);
        } catch (Stopped e) {
            LOG.info(
                    "{} of room {} paused: this process is stopping",
                    job.direction().dbValue(),
                    job.roomId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.info(
                    "{} of room {} interrupted; it resumes on the next start",
                    job.direction().dbValue(),
                    job.roomId());
        } catch (Exception e) {
            LOG.error(
                    "{} of room {} failed in phase {}",
                    job.direction().dbValue(),
                    job.roomId(),
                    current(jobId).phase(),
                    e);
            jobs.fail(jobId, job.roomId(), explain(current(jobId), e));
        }
    }

    private void runPhases(MoveJob job) throws Exception {
        UUID id = job.id();
        boolean decentralise = job.direction() == MoveDirection.DECENTRALISE;
        if (before(job, MovePhase.COPY_ROWS)) {
            ShardLocation location = provisioner.get().provision(job.roomId());
            jobs.location(id, location);
            jobs.phase(id, MovePhase.COPY_ROWS);
            job = current(id);
        }
        ShardLocation location = job.location();
        RoomPlace shard = RoomPlace.shard(job.roomId(), location.serverUrl(), location.bucket());
        RoomPlace global = RoomPlace.global(job.roomId(), sharedBucket);
        RoomPlace from = decentralise ? global : shard;
        RoomPlace to = decentralise ? shard : global;
        if (before(job, MovePhase.COPY_MEDIA)) {
            copyRows(job, from, to);
            jobs.phase(id, MovePhase.COPY_MEDIA);
            job = current(id);
        }
        if (before(job, MovePhase.CATCH_UP)) {
            copyObjects(job, from, to);
            jobs.phase(id, MovePhase.CATCH_UP);
            job = current(id);
        }
        CatchUp catchUp =
                new CatchUp(from, to, pools.forMoves(from.serverUrl()), pools.forMoves(to.serverUrl()), store);
        if (before(job, MovePhase.FENCE)) {
            catchUp(id, job.captureFrom(), catchUp);
            jobs.phase(id, MovePhase.FENCE);
            job = current(id);
        }
        if (before(job, MovePhase.CLEANUP)) {
            fenceAndSwitch(job, from, to, catchUp, decentralise ? location : null);
            job = current(id);
        }
        // after the switch: seal the old place again unless that is on record (a crash between switch and seal)
        if (!current(id).checkpoints().containsKey(SEALED)) {
            seal(current(id), from, to, current(id).captureFrom(), catchUp, FenceBudget.unlimited(), null);
            jobs.mark(id, SEALED);
        }
        awaitCleanup(current(id));
        cleanUp(job, from, location, decentralise);
        jobs.succeed(id);
        LOG.info(
                "{} of room {} finished; writes were fenced for {} ms",
                job.direction().dbValue(),
                job.roomId(),
                current(id).fenceMillis());
    }

    private void copyRows(MoveJob job, RoomPlace from, RoomPlace to) throws Exception {
        try (Connection c = pools.forMoves(from.serverUrl()).getConnection()) {
            Transactions.inTransaction(pools.forMoves(from.serverUrl()), tx -> {
                new ChangeCapture(from).install(tx);
                return null;
            });
            if (!from.isGlobal()) {
                new ShardIndexes(from.schema()).analyze(c);
            }
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                st.execute("SET LOCAL TimeZone = 'UTC'");
            }
            long xmin = ChangeCapture.snapshotXmin(c);
            if (job.captureFrom() == null) {
                jobs.captureFrom(job.id(), xmin);
            }
            // a fresh shard on its source's own server: the messages can go from table to table inside it
            boolean sameServer = pools.forMoves(from.serverUrl()) == pools.forMoves(to.serverUrl());
            boolean inServer = sameServer
                    && !to.isGlobal()
                    && !job.checkpoints().containsKey(INDEXED)
                    && job.checkpoints().get(RoomTable.MESSAGES.name()) == null;
            RoomTotals totals = RoomTotals.of(c, from, job.roomId(), !inServer);
            long messages = totals.messages();
            jobs.totals(job.id(), Math.max(messages + totals.media(), job.rowsCopied()), totals.mediaBytes());
            long[] copied = {job.rowsCopied()};
            RowCopier copier = new RowCopier(from, to, settings.batchRows(), settings.throttle());
            try (Connection target = pools.forMoves(to.serverUrl()).getConnection()) {
                target.setAutoCommit(true);
                ShardIndexes indexes = new ShardIndexes(to.schema());
                for (RoomTable table : RoomTable.IN_ORDER) {
                    // a fresh shard loads without indexes (the shared tables' indexes serve other rooms and stay)
                    boolean rebuild = table == RoomTable.MESSAGES && !to.isGlobal();
                    boolean indexed = job.checkpoints().containsKey(INDEXED);
                    List<String> checkpoint = job.checkpoints().get(table.name());
                    if (rebuild && !indexed) {
                        indexes.drop(target);
                    }
                    if (table == RoomTable.MESSAGES && inServer) {
                        copied[0] = 0; // nothing of it committed yet: what a stopped attempt counted was rolled back
                        List<String> last = new InServerCopy(from, to, settings.batchRows(), settings.throttle())
                                .copyMessages(c, target, messages, rows -> {
                                    checkStopping();
                                    copied[0] += rows;
                                    jobs.progress(job.id(), copied[0]);
                                });
                        // the estimate's place in the totals taken by the exact count
                        jobs.totals(job.id(), copied[0] + totals.media(), totals.mediaBytes());
                        if (last != null) {
                            jobs.checkpoint(job.id(), table.name(), last, copied[0], 0);
                        }
                    } else {
                        copier.copy(c, target, table, checkpoint, (t, lastKey, rows) -> {
                            checkStopping();
                            copied[0] += rows;
                            jobs.checkpoint(job.id(), t.name(), lastKey, copied[0], 0);
                        });
                    }
                    if (rebuild) {
                        // a second connection while this copy holds two (more when source and shard share a server)
                        indexes.build(target, pools.forMoves(to.serverUrl()));
                        jobs.mark(job.id(), INDEXED);
                    }
                }
                if (!to.isGlobal()) {
                    new ShardIndexes(to.schema()).analyze(target);
                }
            }
            c.commit();
        }
    }

    private void copyObjects(MoveJob job, RoomPlace from, RoomPlace to) throws Exception {
        List<String> checkpoint = job.checkpoints().get("objects");
        long[] bytes = {job.bytesCopied()};
        new ObjectCopier(from, to, pools.forMoves(from.serverUrl()), store, settings.throttle())
                .copy(checkpoint == null ? null : checkpoint.get(0), (lastKey, batchBytes) -> {
                    checkStopping();
                    bytes[0] += batchBytes;
                    jobs.checkpoint(job.id(), "objects", List.of(lastKey), job.rowsCopied(), bytes[0]);
                });
    }

    /**
     * Passes until one finds little left to do: the fence then has only moments' worth of writes to apply. Returns
     * where the next pass starts.
     */
    private long catchUp(UUID jobId, long from, CatchUp catchUp) throws Exception {
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            checkStopping();
            CatchUp.Pass done = catchUp.run(from);
            jobs.changesApplied(jobId, done.applied(), done.nextFrom());
            from = done.nextFrom();
            if (done.applied() < QUIET_CHANGES) {
                break;
            }
        }
        return from;
    }

    /**
     * The write fence: holding the room's fence lock at the old place (new writes are turned away to retry), apply
     * the last changes, switch the routing in the global database, forget the cached route and seal the old place,
     * then lower the fence: writers find the old place sealed and write at the new one.
     *
     * <p>The fence has a budget ({@code MESH_MOVE_FENCE_BUDGET_MS}). Everything it does runs on connections taken
     * before it is raised, so nothing inside it waits for a pool. If its work does not fit the budget, the fence is
     * rolled back (writers go on at the old place), the move catches up once more and raises the fence again after a
     * pause that doubles each time; only after {@value #MAX_FENCE_ATTEMPTS} attempts does the job fail.
     */
    private void fenceAndSwitch(MoveJob job, RoomPlace from, RoomPlace to, CatchUp catchUp, ShardLocation newHome)
            throws Exception {
        long captureFrom = job.captureFrom();
        for (int attempt = 1; ; attempt++) {
            checkStopping();
            jobs.fenceAttempt(job.id());
            try (Connection global = pools.forMoves(null).getConnection()) {
                boolean sealed = seal(job, from, to, captureFrom, catchUp, FenceBudget.of(fenceBudget), () -> {
                    global.setAutoCommit(false);
                    try {
                        jobs.switchRouting(global, job, newHome);
                        global.commit();
                    } catch (SQLException | RuntimeException e) {
                        global.rollback();
                        throw e;
                    } finally {
                        global.setAutoCommit(true);
                    }
                });
                if (sealed) {
                    jobs.mark(job.id(), SEALED);
                    return;
                }
            }
            if (attempt >= MAX_FENCE_ATTEMPTS) {
                throw new MeshException(
                        ErrorCode.INTERNAL,
                        "the room's writes could not be fenced within "
                                + fenceBudget.toMillis() + " ms in " + attempt + " attempts (the room is very busy);"
                                + " raise MESH_MOVE_FENCE_BUDGET_MS or retry when the room is quieter");
            }
            long pause = Math.min(MAX_FENCE_PAUSE_MILLIS, FIRST_FENCE_PAUSE_MILLIS << Math.min(attempt - 1, 16));
            LOG.info(
                    "room {}: fence attempt {} ran over its {} ms budget and was lowered; catching up, next attempt in {} ms",
                    job.roomId(),
                    attempt,
                    fenceBudget.toMillis(),
                    pause);
            sleep(pause);
            captureFrom = catchUp(job.id(), captureFrom, catchUp);
        }
    }

    /**
     * Raises the fence at {@code from}, applies the last changes, runs {@code switchRouting} (null: the routing was
     * switched already) and seals the old place, all inside {@code budget}. False when the budget ran out before the
     * routing switch: the fence was rolled back and nothing changed but changes applied at the target (idempotent).
     */
    private boolean seal(
            MoveJob job,
            RoomPlace from,
            RoomPlace to,
            long captureFrom,
            CatchUp catchUp,
            FenceBudget budget,
            SqlStep switchRouting)
            throws Exception {
        ChangeCapture capture = new ChangeCapture(from);
        // every connection the fence needs, taken before it goes up
        try (Connection fence = pools.forMoves(from.serverUrl()).getConnection();
                Connection src = pools.forMoves(from.serverUrl()).getConnection();
                Connection dst = pools.forMoves(to.serverUrl()).getConnection()) {
            fence.setAutoCommit(false);
            long started = System.nanoTime();
            boolean switched = false;
            try {
                capture.fence(fence, budget.remaining());
                CatchUp.Pass last = catchUp.run(captureFrom, src, dst, budget);
                if (switchRouting != null) {
                    budget.check();
                    switchRouting.run();
                    switched = true;
                }
                stores.invalidate(job.roomId());
                capture.seal(fence);
                fence.commit();
                long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
                jobs.changesApplied(job.id(), last.applied(), last.nextFrom());
                if (switchRouting != null) {
                    jobs.fenced(job.id(), millis);
                    LOG.info("room {}: routing switched; writes waited at most {} ms", job.roomId(), millis);
                }
                return true;
            } catch (FenceBudget.Exceeded e) {
                fence.rollback();
                return false;
            } catch (SQLException e) {
                fence.rollback();
                if (!switched && budget.cutShort(e)) {
                    return false;
                }
                throw e;
            } catch (Exception e) {
                fence.rollback();
                throw e;
            } finally {
                fence.setAutoCommit(true);
            }
        }
    }

    /** A step inside the fence, on a connection taken before it. */
    @FunctionalInterface
    private interface SqlStep {
        void run() throws SQLException;
    }

    /**
     * How long the old copy stays sealed after the switch: as configured, but never less than a writer that met the
     * fence may still be trying at the old place ({@link RoomStores#writeWait}) and a second more: the seal must outlast it, or
     * such a write would land in a copy about to be deleted.
     */
    private Duration cleanupDelay() {
        Duration floor = RoomStores.writeWait(fenceBudget).plusSeconds(1);
        return settings.cleanupDelay().compareTo(floor) < 0 ? floor : settings.cleanupDelay();
    }

    /** The old copy stays (sealed) until no process can hold a route to it any more. */
    private void awaitCleanup(MoveJob job) throws InterruptedException {
        Instant due = job.switchedAt().plus(cleanupDelay());
        while (Instant.now().isBefore(due)) {
            checkStopping();
            Thread.sleep(Math.min(
                    500, Math.max(1, Duration.between(Instant.now(), due).toMillis())));
        }
    }

    private void cleanUp(MoveJob job, RoomPlace from, ShardLocation location, boolean decentralise)
            throws SQLException {
        if (!decentralise) {
            provisioner.get().deprovision(location);
            return;
        }
        // the cleanup delay has let every cached route to the old place expire: the guard's work is done, and
        // dropping the triggers first spares the deletes below a trigger call per row
        ChangeCapture capture = new ChangeCapture(from);
        Transactions.inTransaction(pools.forMoves(null), c -> {
            capture.uninstall(c);
            return null;
        });
        String room = ChangeCapture.literal(job.roomId().toString());
        Transactions.inTransaction(pools.forMoves(null), c -> {
            try (Statement st = c.createStatement()) {
                st.execute("DELETE FROM mesh.media WHERE room_id = " + room + "::uuid");
            }
            return null;
        });
        int deleted;
        do {
            deleted = Transactions.inTransaction(pools.forMoves(null), c -> {
                try (Statement st = c.createStatement()) {
                    return st.executeUpdate(
                            "DELETE FROM mesh.messages WHERE id IN (SELECT id FROM mesh.messages WHERE room_id = "
                                    + room + "::uuid LIMIT " + DELETE_BATCH + ")");
                }
            });
        } while (deleted > 0);
        store.deleteAll(from.bucket(), from.keyPrefix());
    }

    private static boolean before(MoveJob job, MovePhase phase) {
        return job.phase().compareTo(phase) < 0;
    }

    private MoveJob current(UUID id) {
        return jobs.find(id).orElseThrow();
    }

    private void sleep(long millis) throws InterruptedException {
        long until = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < until) {
            checkStopping();
            Thread.sleep(Math.min(200, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
        }
    }

    private void checkStopping() {
        if (stopping) {
            throw new Stopped();
        }
    }

    private static String explain(MoveJob job, Exception e) {
        String what = e instanceof MeshException || e instanceof IOException || e instanceof SQLException
                ? e.getMessage()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        String where = job.switchedAt() != null
                ? "The room already lives at its new place; only the old copy is left to delete."
                : "Nothing was lost: the room still lives at its old place and keeps working.";
        return "The " + job.direction().dbValue() + " stopped in phase " + job.phase() + ": " + what + ". " + where
                + " Press Retry to continue from the last checkpoint.";
    }
}
