package dev.meshrooms.core.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.progress.Progress;
import dev.meshrooms.core.progress.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;

/**
 * Walks a bundle once, in its required order (metadata.json, db.sql, media/…), checking every size and hash against
 * metadata.json while the bytes stream to a {@link Sink}. The verifier's sink only counts; the importer's loads a
 * staging schema and uploads media. Nothing a sink writes may become visible before {@link #scan} returns.
 */
final class BundleScan {
    interface Sink {
        void metadata(BundleMetadata metadata);

        DbSqlReader.CopyTarget copyTarget();

        /** db.sql was read whole and its size and hash match; the media follow. */
        default void databaseLoaded(BundleMetadata metadata) {}

        void media(BundleMetadata.MediaFile file, InputStream content);
    }

    record Result(BundleMetadata metadata, DbSqlReader.Stats db, byte[] bundleSha256, long mediaBytes) {}

    private BundleScan() {}

    static Result scan(
            InputStream raw,
            String bundleName,
            BundleLimits limits,
            ObjectMapper json,
            Sink sink,
            ProgressListener progress) {
        try (BundleReader reader = new BundleReader(raw, bundleName, limits)) {
            BundleReader.Entry first = reader.next();
            if (first == null) {
                throw BundleException.invalid(bundleName, "is empty: metadata.json is missing");
            }
            if (!first.name().equals(BundleNames.METADATA)) {
                throw BundleException.invalid(
                        bundleName,
                        "metadata.json is missing or not the first entry (found " + BundleReader.quote(first.name())
                                + " first)");
            }
            BundleMetadata metadata = MetadataCheck.validate(parse(first, limits, json));
            sink.metadata(metadata);
            long bytesTotal = metadata.dbSql().size()
                    + metadata.media().stream()
                            .mapToLong(BundleMetadata.MediaFile::size)
                            .sum();
            progress.onProgress(new Progress(
                    "database",
                    0,
                    metadata.counts() == null ? -1 : metadata.counts().messages(),
                    0,
                    bytesTotal));

            BundleReader.Entry db = reader.next();
            if (db == null || !db.name().equals(BundleNames.DB_SQL)) {
                throw BundleException.invalid(
                        bundleName,
                        "db.sql is missing or not the second entry"
                                + (db == null ? "" : " (found " + BundleReader.quote(db.name()) + ")"));
            }
            DbSqlReader.Stats stats = readDbSql(db, metadata, limits, sink, reader);
            sink.databaseLoaded(metadata);
            long bytes = metadata.dbSql().size();

            Map<String, BundleMetadata.MediaFile> expected = new HashMap<>();
            metadata.media().forEach(f -> expected.put(f.key(), f));
            long mediaBytes = 0;
            int done = 0;
            progress.onProgress(new Progress("media", 0, expected.size(), bytes, bytesTotal));
            for (BundleReader.Entry entry = reader.next(); entry != null; entry = reader.next()) {
                if (!entry.name().startsWith(BundleNames.MEDIA_PREFIX)) {
                    throw BundleException.invalid(
                            bundleName,
                            "entry " + BundleReader.quote(entry.name()) + " comes after the"
                                    + " media files started, or appears twice");
                }
                String key = entry.name().substring(BundleNames.MEDIA_PREFIX.length());
                BundleMetadata.MediaFile file = expected.remove(key);
                if (file == null) {
                    throw BundleException.invalid(entry.name(), "is not listed in metadata.json media");
                }
                readMedia(entry, file, sink, reader);
                mediaBytes += file.size();
                bytes += file.size();
                progress.onProgress(
                        new Progress("media", ++done, metadata.media().size(), bytes, bytesTotal));
            }
            if (!expected.isEmpty()) {
                throw BundleException.invalid(
                        bundleName,
                        "media/" + expected.keySet().iterator().next() + " is listed in"
                                + " metadata.json but missing from the archive"
                                + (expected.size() > 1 ? " (and " + (expected.size() - 1) + " more)" : ""));
            }
            return new Result(metadata, stats, reader.finish(), mediaBytes);
        }
    }

    private static BundleMetadata parse(BundleReader.Entry entry, BundleLimits limits, ObjectMapper json) {
        if (entry.size() > limits.maxMetadataBytes()) {
            throw BundleException.invalid(
                    "metadata.json", "is " + entry.size() + " bytes; the limit is " + limits.maxMetadataBytes());
        }
        try {
            byte[] bytes = entry.content().readNBytes((int) entry.size());
            if (bytes.length != entry.size()) {
                throw BundleException.invalid("metadata.json", "is shorter than its tar header says (truncated?)");
            }
            return json.readValue(bytes, BundleMetadata.class);
        } catch (JsonProcessingException e) {
            throw BundleException.invalid(
                    "metadata.json", "is not valid JSON of a bundle (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw BundleException.invalid(
                    "metadata.json", "could not be read (" + e.getMessage() + "); the bundle is truncated or corrupt");
        }
    }

    private static DbSqlReader.Stats readDbSql(
            BundleReader.Entry entry, BundleMetadata metadata, BundleLimits limits, Sink sink, BundleReader reader) {
        MessageDigest sha = Hashing.sha256();
        Sized in = new Sized(new DigestInputStream(entry.content(), sha));
        DbSqlReader.Stats stats;
        try {
            stats = DbSqlReader.read(in, limits.maxLineBytes(), metadata.schemaVersion(), sink.copyTarget());
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (MeshException e) {
            throw e;
        } catch (IOException e) {
            throw reader.corrupt(e);
        }
        checkFile(
                "db.sql",
                in.count,
                sha,
                metadata.dbSql().size(),
                metadata.dbSql().sha256());
        return stats;
    }

    private static void readMedia(
            BundleReader.Entry entry, BundleMetadata.MediaFile file, Sink sink, BundleReader reader) {
        if (entry.size() != file.size()) {
            throw BundleException.invalid(
                    entry.name(),
                    "is " + entry.size() + " bytes in the archive but " + file.size() + " in metadata.json");
        }
        MessageDigest sha = Hashing.sha256();
        Sized in = new Sized(new DigestInputStream(entry.content(), sha));
        try {
            sink.media(file, in);
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException e) {
            // a store reading the entry reports a truncated or bombed bundle as its own failure ("try again"): the
            // bundle's failure is the reason
            Exception cause = in.failure != null ? in.failure : e;
            throw cause instanceof MeshException mesh ? mesh : reader.corrupt(cause);
        }
        checkFile(entry.name(), in.count, sha, file.size(), file.sha256());
    }

    private static void checkFile(String name, long size, MessageDigest sha, long expectedSize, String expectedSha) {
        if (size != expectedSize) {
            throw BundleException.invalid(
                    name,
                    "is " + Math.abs(expectedSize - size) + " bytes " + (size < expectedSize ? "shorter" : "longer")
                            + " than metadata.json says (truncated download?)");
        }
        String actual = Hashing.hex(sha.digest());
        if (!actual.equals(expectedSha)) {
            throw BundleException.invalid(
                    name, "has SHA-256 " + actual + " but metadata.json says " + expectedSha + " (corrupt or altered)");
        }
    }

    /** Counts the bytes read through it and keeps the first failure of a read. */
    private static final class Sized extends java.io.FilterInputStream {
        long count;
        Exception failure;

        Sized(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b;
            try {
                b = super.read();
            } catch (IOException e) {
                throw remember(e);
            } catch (RuntimeException e) {
                throw remember(e);
            }
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException e) {
                throw remember(e);
            } catch (RuntimeException e) {
                throw remember(e);
            }
            if (n > 0) {
                count += n;
            }
            return n;
        }

        private <E extends Exception> E remember(E e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }

        @Override
        public void close() {
            // the bundle reader owns the stream
        }
    }
}
