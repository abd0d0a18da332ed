package dev.meshrooms.lite.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.core.MeshCore;
import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.model.Room;
import dev.meshrooms.core.progress.Progress;
import dev.meshrooms.core.progress.ProgressListener;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a room to a cloud: export into the room's {@link PushSpool} (reused while the room has not changed), a
 * resumable upload of it ({@link ResumableUpload}, tus; a dropped connection is retried from the cloud's offset, and a later push goes on where
 * this one stopped), the import of the upload as a job on the cloud followed to its end, and the cloud's id mapping
 * written to {@code room_<cloud id>.mapping.json}. Progress phases: export, upload, then the cloud's import phases.
 */
public final class CloudPush {
    private static final Logger LOG = LoggerFactory.getLogger(CloudPush.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Tries of one upload before the push gives up (each goes on from the cloud's offset). */
    static final int UPLOAD_TRIES = 6;

    private final MeshCore core;
    private final Path pushes;
    private final String exportBaseUrl;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private Duration retryPause = Duration.ofSeconds(1);

    /**
     * @param pushes        the data directory's push spools
     * @param exportBaseUrl this instance's address, as the bundle names its source
     */
    public CloudPush(MeshCore core, Path pushes, String exportBaseUrl) {
        this.core = core;
        this.pushes = pushes;
        this.exportBaseUrl = exportBaseUrl;
    }

    /** Stops the push at its next step (a chunk, a status); it ends with CANCELLED and can be resumed later. */
    public void cancel() {
        cancelled.set(true);
    }

    /** The first pause between upload tries (doubling each time); tests shorten it. */
    CloudPush retryPause(Duration pause) {
        this.retryPause = pause;
        return this;
    }

    /**
     * Pushes room {@code roomRef} to {@code cloudUrl} with {@code token} (an import token there); the cloud's id mapping
     * goes to {@code mappingOut}, or into it as {@code room_<cloud id>.mapping.json} when it is a folder.
     */
    public PushResult push(
            String roomRef,
            String cloudUrl,
            String token,
            PushOptions options,
            Path mappingOut,
            ProgressListener progress) {
        URI cloud = CloudClient.normalise(cloudUrl);
        CloudClient client = new CloudClient(cloud, token);
        Room room = core.rooms().require(roomRef);
        PushSpool spool = PushSpool.open(pushes, room.id());
        String fingerprint = fingerprint(room);
        boolean reused = spool.holds(fingerprint);
        long t0 = System.nanoTime();
        if (!reused) {
            export(room, spool, fingerprint, progress);
        }
        long t1 = System.nanoTime();
        long t2 = t1;
        checkCancelled();
        String key = cloud.toString();
        String jobId = spool.job(key);
        JsonNode status = jobId == null ? null : earlierJob(client, spool, key, progress);
        long sentBytes = 0;
        if (status == null) {
            Upload sent = upload(client, spool, progress);
            try {
                jobId = client.startImport(sent.id(), options);
            } catch (MeshException e) {
                if (e.code() != ErrorCode.NOT_FOUND) {
                    throw e;
                }
                // the upload expired or was removed between its end and now: send it once more
                spool.forgetUpload(key);
                sent = upload(client, spool, progress);
                jobId = client.startImport(sent.id(), options);
            }
            sentBytes = sent.bytesSent();
            t2 = System.nanoTime();
            spool.startedJob(key, jobId); // a push run again after this point follows the job, not a new upload
            status = follow(client, jobId, progress);
        }
        long t3 = System.nanoTime();
        JsonNode result = status.get("result");
        UUID roomId = UUID.fromString(result.get("roomId").asText());
        Path mapping =
                Files.isDirectory(mappingOut) ? mappingOut.resolve("room_" + roomId + ".mapping.json") : mappingOut;
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(mapping.toFile(), result.get("mapping"));
        } catch (IOException e) {
            throw new MeshException(
                    ErrorCode.INVALID_INPUT,
                    "the room was pushed (" + cloud + "/room/"
                            + result.get("slug").asText() + ") but its id mapping could not be written to " + mapping
                            + ": " + e.getMessage(),
                    e);
        }
        String slug = result.get("slug").asText();
        spool.pushed(new PushedCopy(room.id(), cloud, roomId, slug, cloud + "/room/" + slug, jobId, Instant.now()));
        spool.forgetJob(key); // only now: a push run again before this point writes the mapping from the job
        progress.onProgress(new Progress("done", 1, 1, spool.size(), spool.size()));
        return new PushResult(
                roomId,
                slug,
                cloud + "/room/" + slug,
                result.path("messages").asLong(),
                result.path("mediaFiles").asLong(),
                result.path("signaturesChecked").asLong(),
                result.path("signaturesValid").asLong(),
                mapping,
                spool.size(),
                sentBytes,
                reused,
                result,
                (t1 - t0) / 1e9,
                (t2 - t1) / 1e9,
                (t3 - t2) / 1e9);
    }

    /**
     * The import a previous run of this push started (and then lost sight of: a dropped connection, a cloud that
     * restarted): followed to its end when it succeeded or still runs; null when it failed or is gone, so the push
     * starts afresh.
     */
    private JsonNode earlierJob(CloudClient client, PushSpool spool, String key, ProgressListener progress) {
        String jobId = spool.job(key);
        try {
            return follow(client, jobId, progress);
        } catch (MeshException e) {
            if (e.code() == ErrorCode.SERVER_BUSY || e.code() == ErrorCode.CANCELLED) {
                throw e; // still unreachable: the next run follows it again
            }
            LOG.info(
                    "the earlier import {} on {} did not make the room ({}); pushing again",
                    jobId,
                    key,
                    e.getMessage());
            spool.forgetJob(key);
            return null;
        }
    }

    /** What the room looks like now: its last change, name and topic. A new write gives a new fingerprint. */
    private String fingerprint(Room room) {
        return core.messages().lastChange(room.id()) + "|" + room.name() + "|" + room.topic();
    }

    private void export(Room room, PushSpool spool, String fingerprint, ProgressListener progress) {
        MessageDigest sha = sha256();
        Path partial = spool.partial();
        try (OutputStream out =
                new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16), sha)) {
            core.exporter(exportBaseUrl).export(room.id(), out, p -> {
                checkCancelled();
                progress.onProgress(new Progress("export", p.done(), p.total(), p.bytesDone(), p.bytesTotal()));
            });
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the next export replaces it
            }
            if (e instanceof MeshException m) {
                throw m;
            }
            throw new MeshException(
                    ErrorCode.INVALID_INPUT,
                    "exporting room " + room.slug() + " into " + partial + " failed: " + e.getMessage()
                            + "; check the disk has room",
                    e);
        }
        try {
            spool.replace(fingerprint, HexFormat.of().formatHex(sha.digest()), Files.size(partial));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What the upload did: its id on the cloud and the bytes this push sent. */
    private record Upload(String id, long bytesSent) {}

    private Upload upload(CloudClient cloud, PushSpool spool, ProgressListener progress) {
        String key = cloud.cloud().toString();
        long total = spool.size();
        ResumableUpload tus = new ResumableUpload(cloud.token());
        AtomicLong sent = new AtomicLong();
        Duration pause = retryPause;
        for (int attempt = 1; ; attempt++) {
            checkCancelled();
            try {
                URI url = spool.upload(key) == null ? null : spool.upload(key).toURI();
                OptionalLong offset = url == null ? OptionalLong.empty() : tus.offset(url);
                if (offset.isEmpty()) {
                    url = tus.create(
                            cloud.resolve("/api/uploads"),
                            total,
                            Map.of("filename", spool.bundle().getFileName().toString(), "sha256", spool.sha256()));
                    spool.rememberUpload(key, url.toURL());
                    offset = OptionalLong.of(0);
                }
                long from = offset.getAsLong();
                if (from > 0) {
                    LOG.info("upload to {} goes on from byte {} of {}", key, from, total);
                }
                progress.onProgress(new Progress("upload", 0, -1, from, total));
                long at = from;
                // an upload the cloud has whole (a push refused after it, pushed again) sends nothing more
                if (from < total) {
                    UploadProgress shown = new UploadProgress(progress, from, total);
                    at = tus.send(
                            url,
                            spool.bundle(),
                            from,
                            total,
                            n -> {
                                sent.addAndGet(n);
                                shown.add(n);
                            },
                            this::stopping);
                }
                if (at != total) {
                    throw new IOException("the cloud has " + at + " of " + total + " bytes after the upload");
                }
                progress.onProgress(new Progress("upload", 0, -1, total, total));
                String path = url.getPath();
                return new Upload(path.substring(path.lastIndexOf('/') + 1), sent.get());
            } catch (ResumableUpload.Refused e) {
                // 409: the offset moved (a request cut earlier is still being written); 423: locked by such a
                // request; 460: bytes damaged on the way. Each is over once the cloud has settled: ask again
                boolean settles = e.status == 409 || e.status == 423 || e.status == 460;
                MeshException refused = settles
                        ? new MeshException(ErrorCode.SERVER_BUSY, key + " answered the upload with " + e.status)
                        : cloud.refused(e.status, e.body, "the upload");
                if (!settles || attempt >= UPLOAD_TRIES) {
                    throw refused;
                }
                LOG.info("upload to {} refused for now ({}); trying again", key, refused.getMessage());
            } catch (IOException e) {
                checkCancelled();
                if (attempt == 1 && sent.get() == 0 && !reachedOnce(e)) {
                    throw CloudClient.unreachable(cloud.cloud(), e); // a wrong address fails at once
                }
                if (attempt >= UPLOAD_TRIES) {
                    MeshException why = CloudClient.unreachable(cloud.cloud(), e);
                    throw new MeshException(
                            why.code(),
                            why.getMessage() + ". The upload stopped after " + attempt
                                    + " tries; push again to go on from where it stopped.",
                            e);
                }
                LOG.info("upload to {} dropped ({}); going on from the cloud's offset", key, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                checkCancelled();
            } catch (java.net.URISyntaxException e) {
                spool.forgetUpload(key);
            }
            sleep(pause);
            pause = pause.multipliedBy(2);
        }
    }

    private boolean stopping() {
        return cancelled.get() || Thread.currentThread().isInterrupted();
    }

    /**
     * The upload's progress, told every 100 ms and every MiB (the body is read in pieces of a few KiB): often enough
     * for a bar and for a pause to land within a MiB, not once per piece.
     */
    private static final class UploadProgress {
        private static final long EVERY_NANOS = 100_000_000L;
        private static final long EVERY_BYTES = 1 << 20;
        private final ProgressListener progress;
        private final long total;
        private long done;
        private long told;
        private long next = System.nanoTime();

        UploadProgress(ProgressListener progress, long from, long total) {
            this.progress = progress;
            this.done = from;
            this.told = from;
            this.total = total;
        }

        void add(long n) {
            done += n;
            long now = System.nanoTime();
            if (now - next >= 0 || done - told >= EVERY_BYTES) {
                next = now + EVERY_NANOS;
                told = done;
                progress.onProgress(new Progress("upload", 0, -1, done, total));
            }
        }
    }

    /** False when the failure says the cloud was never reached (no such host, nothing listening, TLS refused). */
    private static boolean reachedOnce(IOException e) {
        return !(e instanceof java.net.ConnectException
                || e instanceof java.net.UnknownHostException
                || e instanceof javax.net.ssl.SSLException);
    }

    private JsonNode follow(CloudClient cloud, String jobId, ProgressListener progress) {
        Duration pause = retryPause;
        while (true) {
            checkCancelled();
            cloud.follow(jobId, status -> report(status, progress));
            JsonNode status = cloud.status(jobId);
            report(status, progress);
            String state = status.path("state").asText();
            if ("succeeded".equals(state)) {
                return status;
            }
            if ("failed".equals(state)) {
                ErrorCode code;
                try {
                    code = ErrorCode.valueOf(status.path("errorCode").asText("INTERNAL"));
                } catch (IllegalArgumentException e) {
                    code = ErrorCode.INTERNAL;
                }
                throw new MeshException(
                        code,
                        cloud.cloud() + " could not import the room: "
                                + status.path("error").asText());
            }
            sleep(pause); // the stream dropped while the import runs: follow again
            pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0
                    ? Duration.ofSeconds(10)
                    : pause.multipliedBy(2);
        }
    }

    private static void report(JsonNode status, ProgressListener progress) {
        progress.onProgress(new Progress(
                "cloud " + status.path("phase").asText(),
                status.path("items").asLong(),
                status.path("itemsTotal").asLong(-1),
                status.path("bytesDone").asLong(),
                status.path("bytesTotal").asLong()));
    }

    private void checkCancelled() {
        if (cancelled.get() || Thread.currentThread().isInterrupted()) {
            throw new MeshException(
                    ErrorCode.CANCELLED, "the push was stopped; push again to go on from where it stopped");
        }
    }

    private void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            checkCancelled();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
