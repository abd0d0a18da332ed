package dev.meshrooms.core.imports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.meshrooms.core.bundle.ImportOptions;
import dev.meshrooms.core.bundle.ImportResult;
import dev.meshrooms.core.bundle.RoomImporter;
import dev.meshrooms.core.db.PoolState;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.job.JobTasks;
import dev.meshrooms.core.model.Principal;
import dev.meshrooms.core.model.TokenScope;
import dev.meshrooms.core.progress.Progress;
import dev.meshrooms.core.upload.BundleUploads;
import dev.meshrooms.core.upload.UploadedBundles;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.commons.io.input.BoundedInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports of pushed bundles, durable: {@link #start} records a job for a finished upload and schedules it; the job
 * worker runs it through the same {@link RoomImporter} as every other import. A process that dies mid-import leaves
 * nothing visible (the import commits in one transaction; the next start removes its staging), and the job runs
 * again from the start of the upload, which is kept until the job is done. A bundle that is refused fails the job
 * with the importer's sentence and removes the upload; the room and its objects exist only once the job succeeded.
 */
public final class BundleImports {
    static final String TASK = "bundle-import";
    static final String SWEEP = "bundle-import-sweep";
    private static final Logger LOG = LoggerFactory.getLogger(BundleImports.class);
    /** How often a running import writes its progress down. */
    private static final long PROGRESS_EVERY_NANOS = Duration.ofMillis(500).toNanos();

    private final ImportJobs jobs;
    private final BundleUploads records;
    private final Supplier<RoomImporter> importer;
    private final ObjectMapper json;
    private final OneTimeTask<Void> task;
    private final SchedulerClient client;
    private volatile UploadedBundles uploads;
    /** Where a room stands against the free tier, when it still exists. */
    private volatile Function<UUID, Optional<ImportStatus.RoomLimit>> limits = id -> Optional.empty();

    private final DataSource global;
    /** Set when the process shuts down: an import interrupted by it is not a failure. */
    private volatile boolean stopping;
    /** Attempts after which a job whose process keeps dying is failed. */
    static final int MAX_ATTEMPTS = 3;
    /** Failures that are the bundle's: its upload is removed. Others (the server's, passing) keep it for a retry. */
    private static final java.util.Set<ErrorCode> REFUSALS =
            java.util.EnumSet.of(ErrorCode.BUNDLE_INVALID, ErrorCode.BUNDLE_TOO_NEW, ErrorCode.ALREADY_IMPORTED);

    public BundleImports(DataSource global, BundleUploads records, Supplier<RoomImporter> importer, ObjectMapper json) {
        this.global = global;
        this.jobs = new ImportJobs(global, json);
        this.records = records;
        this.importer = importer;
        this.json = json;
        this.task = Tasks.oneTime(TASK)
                .onDeadExecutionRevive()
                .execute((instance, ctx) -> run(UUID.fromString(instance.getId())));
        this.client = SchedulerClient.Builder.create(global, task)
                .tableName("mesh.scheduled_tasks")
                .build();
    }

    /**
     * Starts importing a finished upload of {@code who}'s: 404 when the upload is not theirs or gone, CONFLICT when it
     * is not complete yet or is being imported already.
     */
    public ImportStatus start(Principal who, String uploadId, ImportOptions options) {
        requireUploadId(uploadId);
        UploadedBundles.Upload upload = bytes().find(uploadId, who.owner())
                .orElseThrow(() -> new MeshException(
                        ErrorCode.NOT_FOUND,
                        "upload " + uploadId + " does not exist for this token (finished, expired after "
                                + records.limits().idleExpiry().toHours()
                                + " h idle, or made with another token); upload the bundle again"));
        if (!upload.complete()) {
            throw new MeshException(
                    ErrorCode.CONFLICT,
                    "upload " + uploadId + " has " + upload.received() + " of " + upload.length()
                            + " bytes; finish it (PATCH from offset " + upload.received() + ") before importing it");
        }
        String sha = upload.metadata().get("sha256");
        if (!options.asNew() && sha != null) {
            importer.get().importedAs(sha).ifPresent(earlier -> {
                throw new MeshException(
                        ErrorCode.ALREADY_IMPORTED,
                        upload.fileName() + " was imported already, as room " + earlier
                                + ". To import an independent copy beside it, start the import with asNew=true.");
            });
        }
        ImportOptions pushed = options.pushed(who.tokenId(), sha);
        ImportJob job = jobs.create(who, uploadId, pushed, upload.length());
        client.scheduleIfNotExists(task.instance(job.id().toString()), Instant.now());
        return ImportStatus.of(job, Instant.now());
    }

    /** Upload ids are UUIDs in their canonical form (the server makes them); anything else names no upload. */
    private static void requireUploadId(String id) {
        try {
            if (id != null && UUID.fromString(id).toString().equals(id)) {
                return;
            }
        } catch (IllegalArgumentException notAnId) {
            // answered below
        }
        throw new MeshException(ErrorCode.NOT_FOUND, "upload " + id + " does not exist; upload the bundle first");
    }

    /** The job, for the token that started it (or a full instance-admin credential); 404 otherwise. */
    public ImportStatus status(UUID jobId, Principal who) {
        return jobs.find(jobId)
                .filter(j -> j.owner().equals(who.owner()) || (who.instanceAdmin() && who.scope() == TokenScope.ALL))
                .map(j -> withLimit(ImportStatus.of(j, Instant.now())))
                .orElseThrow(() -> new MeshException(ErrorCode.NOT_FOUND, "import job " + jobId + " does not exist"));
    }

    /** The latest import jobs of every token, newest first (for the instance admin). */
    public List<ImportStatus> recent(int limit) {
        Instant now = Instant.now();
        return jobs.recent(limit).stream().map(j -> ImportStatus.of(j, now)).toList();
    }

    private ImportStatus withLimit(ImportStatus status) {
        if (status.roomId() == null || !"succeeded".equals(status.state())) {
            return status;
        }
        return limits.apply(status.roomId()).map(status::withLimit).orElse(status);
    }

    /** How a succeeded import's room is read against the free tier (empty: the room is gone). */
    public BundleImports withLimits(Function<UUID, Optional<ImportStatus.RoomLimit>> limits) {
        this.limits = limits;
        return this;
    }

    /** The port imports read uploads through; set once the HTTP server's spool exists. */
    public void useUploads(UploadedBundles spool) {
        this.uploads = spool;
    }

    /** Prepares this process to run imports: the tasks the process's job worker runs. */
    public JobTasks prepareWorker() {
        RecurringTask<Void> sweep =
                Tasks.recurring(SWEEP, FixedDelay.of(Duration.ofSeconds(10))).execute((i, c) -> sweep());
        stopping = false;
        return new JobTasks(List.of(task), List.of(sweep), () -> stopping = true);
    }

    private void sweep() {
        for (UUID id : jobs.unscheduled(TASK)) {
            LOG.info("rescheduling import job {}", id);
            client.scheduleIfNotExists(task.instance(id.toString()), Instant.now());
        }
    }

    private UploadedBundles bytes() {
        UploadedBundles spool = uploads;
        if (spool == null) {
            throw new MeshException(
                    ErrorCode.CONFLICT,
                    "imports of pushed bundles run in the server: this process has no upload folder");
        }
        return spool;
    }

    void run(UUID jobId) {
        Optional<ImportJob> found = jobs.find(jobId);
        if (found.isEmpty() || !found.get().running()) {
            return;
        }
        ImportJob job = found.get();
        if (job.attempts() > 0) {
            // a process died during an earlier attempt: if that attempt had committed, the room exists already
            Optional<ImportJobs.Made> made = jobs.madeBy(job);
            if (made.isPresent()) {
                jobs.succeed(jobId, made.get().roomId(), made.get().result(), job.bytesTotal());
                removeUpload(bytes(), job);
                LOG.info(
                        "import job {} had made room {} before its process stopped",
                        jobId,
                        made.get().roomId());
                return;
            }
            if (job.attempts() >= MAX_ATTEMPTS) {
                jobs.fail(
                        jobId,
                        ErrorCode.BUNDLE_INVALID,
                        "the import stopped " + job.attempts() + " times without finishing (its process ended each"
                                + " time, e.g. out of memory); it is not tried again and the upload is removed."
                                + " The server's log has the details.");
                removeUpload(bytes(), job);
                return;
            }
            LOG.info("import job {} runs again (attempt {}): its last process stopped", jobId, job.attempts() + 1);
        }
        jobs.attempt(jobId);
        UploadedBundles spool = bytes();
        Optional<UploadedBundles.Upload> upload = spool.find(job.uploadId(), job.owner());
        if (upload.isEmpty() || !upload.get().complete()) {
            jobs.fail(
                    jobId,
                    ErrorCode.NOT_FOUND,
                    "upload " + job.uploadId()
                            + " is gone or incomplete; nothing was imported. Push the bundle again.");
            return;
        }
        long total = upload.get().length();
        ProgressWriter progress = new ProgressWriter(jobId);
        try (BoundedInputStream in = BoundedInputStream.builder()
                .setInputStream(spool.open(job.uploadId(), job.owner()))
                .get()) {
            progress.source = in;
            ImportResult result =
                    importer.get().importBundle(in, upload.get().fileName(), job.options(), progress::onProgress);
            jobs.succeed(jobId, result.roomId(), json.writeValueAsString(result), total);
            removeUpload(spool, job);
            LOG.info("import job {} made room {} ({} messages)", jobId, result.slug(), result.messages());
        } catch (Throwable e) {
            if (stopping || Thread.currentThread().isInterrupted()) {
                // the process is shutting down: the job stays running and is taken up again at the next start
                LOG.info("import job {} stopped with its process; it runs again at the next start", jobId);
                return;
            }
            if (e instanceof MeshException m) {
                jobs.fail(jobId, m.code(), m.getMessage());
                if (REFUSALS.contains(m.code())) {
                    removeUpload(spool, job); // the bundle was refused: its bytes are of no further use
                }
                LOG.info("import job {} failed: {}", jobId, m.getMessage());
            } else {
                jobs.fail(
                        jobId,
                        ErrorCode.INTERNAL,
                        "the import stopped unexpectedly (" + e + "); nothing was imported. The upload is kept: start"
                                + " the import again, and if it fails the same way, the server's log has the"
                                + " details.");
                LOG.warn("import job {} failed", jobId, e);
            }
            if (e instanceof Error error && !(e instanceof OutOfMemoryError)) {
                throw error;
            }
        }
    }

    private void removeUpload(UploadedBundles spool, ImportJob job) {
        spool.delete(job.uploadId(), job.owner());
        records.forget(job.uploadId());
    }

    /** Writes the import's progress down twice a second at most, with the bundle bytes read so far. */
    private final class ProgressWriter {
        private final UUID jobId;
        private long next = System.nanoTime();
        private BoundedInputStream source;

        ProgressWriter(UUID jobId) {
            this.jobId = jobId;
        }

        void onProgress(Progress p) {
            long now = System.nanoTime();
            if (now - next < 0 && !"done".equals(p.phase())) {
                return;
            }
            next = now + PROGRESS_EVERY_NANOS;
            if (!"done".equals(p.phase()) && PoolState.freeConnections(global) == 0) {
                // the import itself holds the pool's connections (a small pool): this write waits for the next
                return;
            }
            try {
                jobs.progress(jobId, p.phase(), source == null ? 0 : source.getCount(), p.done(), p.total());
            } catch (RuntimeException e) {
                LOG.debug("import job {}: progress not written: {}", jobId, e.getMessage());
            }
        }
    }
}
