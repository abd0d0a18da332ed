package dev.meshrooms.core.imports;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.meshrooms.core.usage.RoomLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * Where an import of a pushed bundle stands, as {@code GET /api/imports/<id>} and its event stream answer it.
 *
 * @param phase      queued, verify, database, media, links, done (or the phase it failed in)
 * @param bytesDone  bytes of the bundle read so far, of {@code bytesTotal}
 * @param items      rows or files of the phase done so far, of {@code itemsTotal} (-1: unknown)
 * @param etaSeconds estimated seconds left from the rate so far; null while unknown or when finished
 * @param result     the import's result (room, slug, counts, id mapping, signatures) once it succeeded
 * @param error      a sentence saying what failed, where, and what to do, once it failed
 * @param limit      where the imported room stands against the free tier now (read at each request), once the import
 *                   succeeded and while the room exists; null otherwise
 */
public record ImportStatus(
        UUID jobId,
        String uploadId,
        String state,
        String phase,
        long bytesDone,
        long bytesTotal,
        long items,
        long itemsTotal,
        int percent,
        Long etaSeconds,
        UUID roomId,
        @JsonRawValue String result,
        String errorCode,
        String error,
        int attempts,
        Instant startedAt,
        Instant updatedAt,
        Instant finishedAt,
        RoomLimit limit) {

    /**
     * Where a pushed room stands against the instance's free tier, for those who pushed it (their token may read
     * nothing else of the room).
     *
     * @param state    within, near or over
     * @param sentence the figures and what still works, as the room's page says it
     */
    public record RoomLimit(
            String state,
            String sentence,
            boolean enforced,
            boolean billed,
            long storageBytes,
            long limitBytes,
            double shardDays,
            int limitDays) {

        public static RoomLimit of(RoomLimits.Standing standing) {
            return new RoomLimit(
                    standing.state().name().toLowerCase(Locale.ROOT),
                    standing.sentence(),
                    standing.enforced(),
                    standing.billed(),
                    standing.storageBytes(),
                    standing.limitBytes(),
                    standing.shardDays(),
                    standing.limitDays());
        }
    }

    static ImportStatus of(ImportJob job, Instant now) {
        double done = job.bytesTotal() <= 0 ? 0 : Math.min(1, (double) job.bytesDone() / job.bytesTotal());
        int percent = job.state() == dev.meshrooms.core.move.JobState.SUCCEEDED ? 100 : (int) Math.floor(done * 99);
        Long eta = null;
        if (job.running() && done > 0.001) {
            double elapsed = Duration.between(job.phaseStartedAt(), now).toMillis() / 1000.0;
            eta = Math.max(1, Math.round(elapsed * (1 - done) / done));
        }
        return new ImportStatus(
                job.id(),
                job.uploadId(),
                job.state().dbValue(),
                job.phase(),
                job.bytesDone(),
                job.bytesTotal(),
                job.itemsDone(),
                job.itemsTotal(),
                percent,
                eta,
                job.roomId(),
                job.result(),
                job.errorCode(),
                job.error(),
                job.attempts(),
                job.startedAt(),
                job.updatedAt(),
                job.finishedAt(),
                null);
    }

    /** The same, with where the imported room stands now. */
    ImportStatus withLimit(RoomLimit now) {
        return new ImportStatus(
                jobId,
                uploadId,
                state,
                phase,
                bytesDone,
                bytesTotal,
                items,
                itemsTotal,
                percent,
                etaSeconds,
                roomId,
                result,
                errorCode,
                error,
                attempts,
                startedAt,
                updatedAt,
                finishedAt,
                now);
    }

    public boolean finished() {
        return !"running".equals(state);
    }
}
