package dev.meshrooms.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStream;
import dev.meshrooms.core.testing.ByteSearch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Writing a bundle with an entry compressed beforehand")
class BundleWriterTest {

    @Test
    @DisplayName("the spool's frames go into the archive unchanged, and the archive reads back entry for entry")
    void compressedEntryReadsBack() throws Exception {
        byte[] metadata = "{\"formatVersion\":1}".getBytes(StandardCharsets.UTF_8);
        // a size that is no multiple of 512 and spans several buffers, text-like so that zstd shrinks it
        StringBuilder sql = new StringBuilder();
        Random random = new Random(3);
        while (sql.length() < 300_001) {
            sql.append(random.nextInt(1_000_000))
                    .append("\tmessage body ")
                    .append(random.nextLong())
                    .append('\n');
        }
        byte[] dbSql = sql.toString().getBytes(StandardCharsets.UTF_8);
        byte[] picture = new byte[70_001];
        random.nextBytes(picture);

        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        byte[] frames;
        Path spoolFile;
        try (CompressedSpool spool = new CompressedSpool("bundle-writer-test-", 2)) {
            // single bytes, small writes gathered, large ones taken as they are, in turn
            int[] sizes = {1, 777, 20_000, 5, 65_536, 8_191, 8_192};
            for (int off = 0, i = 0; off < dbSql.length; i++) {
                int n = Math.min(sizes[i % sizes.length], dbSql.length - off);
                if (n == 1) {
                    spool.plain().write(dbSql[off]);
                } else {
                    spool.plain().write(dbSql, off, n);
                }
                off += n;
            }
            spool.finish();
            assertThat(spool.size()).isEqualTo(dbSql.length);
            assertThat(spool.sha256())
                    .isEqualTo(MessageDigest.getInstance("SHA-256").digest(dbSql));
            frames = Files.readAllBytes(spool.frames().get(0));
            spoolFile = spool.frames().get(0);
            try (BundleWriter writer = new BundleWriter(archive, Instant.parse("2026-11-26T00:00:00Z"))) {
                writer.add(BundleNames.METADATA, metadata.length, new ByteArrayInputStream(metadata));
                writer.addCompressed(BundleNames.DB_SQL, spool);
                writer.add(
                        BundleNames.MEDIA_PREFIX + "a/picture.bin", picture.length, new ByteArrayInputStream(picture));
            }
        }
        assertThat(spoolFile).doesNotExist();
        byte[] bytes = archive.toByteArray();
        assertThat(frames.length).isLessThan(dbSql.length / 2);
        assertThat(ByteSearch.indexOf(bytes, frames))
                .as("the spool's frames, verbatim, inside the archive")
                .isPositive();

        Map<String, byte[]> read = new LinkedHashMap<>();
        try (BundleReader reader =
                new BundleReader(new ByteArrayInputStream(bytes), "test.tar.zst", BundleLimits.defaults())) {
            for (BundleReader.Entry e = reader.next(); e != null; e = reader.next()) {
                read.put(e.name(), e.content().readAllBytes());
            }
        }
        assertThat(read.keySet())
                .containsExactly(BundleNames.METADATA, BundleNames.DB_SQL, BundleNames.MEDIA_PREFIX + "a/picture.bin");
        assertThat(read.get(BundleNames.METADATA)).isEqualTo(metadata);
        assertThat(read.get(BundleNames.DB_SQL)).isEqualTo(dbSql);
        assertThat(read.get(BundleNames.MEDIA_PREFIX + "a/picture.bin")).isEqualTo(picture);
        // the tar stream is whole: 512-byte records to the end, as a plain zstd reader sees it
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(bytes))) {
            assertThat(in.readAllBytes().length % 512).isZero();
        }
    }

    @Test
    @DisplayName("an entry spooled in parts written at the same time is the parts in order: size, hash and archive")
    void partsInOrder() throws Exception {
        Random random = new Random(5);
        byte[][] parts = new byte[3][];
        for (int i = 0; i < parts.length; i++) {
            StringBuilder sql = new StringBuilder();
            while (sql.length() < 200_000 + i * 1_000) {
                sql.append("part ")
                        .append(i)
                        .append('\t')
                        .append(random.nextLong())
                        .append('\n');
            }
            parts[i] = sql.toString().getBytes(StandardCharsets.UTF_8);
        }
        parts[1] = new byte[0]; // a part may stay empty (a split with nothing in its range)
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            whole.write(part);
        }
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        List<Path> files;
        try (CompressedSpool spool = new CompressedSpool("bundle-writer-test-", 2, parts.length)) {
            assertThatThrownBy(spool::plain).isInstanceOf(IllegalStateException.class);
            List<Thread> writers = new java.util.ArrayList<>();
            for (int i = parts.length - 1; i >= 0; i--) { // the last part first: the order of writing does not matter
                byte[] part = parts[i];
                java.io.OutputStream out = spool.parts().get(i);
                Thread t = new Thread(() -> {
                    try {
                        for (int off = 0; off < part.length; off += 1_000) {
                            out.write(part, off, Math.min(1_000, part.length - off));
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                t.start();
                writers.add(t);
            }
            for (Thread t : writers) {
                t.join();
            }
            spool.finish();
            files = spool.frames();
            assertThat(files).hasSize(parts.length).allMatch(Files::exists);
            assertThat(spool.size()).isEqualTo(whole.size());
            assertThat(spool.sha256())
                    .isEqualTo(MessageDigest.getInstance("SHA-256").digest(whole.toByteArray()));
            try (BundleWriter writer = new BundleWriter(archive, Instant.parse("2026-11-26T00:00:00Z"))) {
                byte[] metadata = "{}".getBytes(StandardCharsets.UTF_8);
                writer.add(BundleNames.METADATA, metadata.length, new ByteArrayInputStream(metadata));
                writer.addCompressed(BundleNames.DB_SQL, spool);
            }
        }
        assertThat(files).noneMatch(Files::exists);
        Map<String, byte[]> read = new LinkedHashMap<>();
        try (BundleReader reader = new BundleReader(
                new ByteArrayInputStream(archive.toByteArray()), "test.tar.zst", BundleLimits.defaults())) {
            for (BundleReader.Entry e = reader.next(); e != null; e = reader.next()) {
                read.put(e.name(), e.content().readAllBytes());
            }
        }
        assertThat(read.get(BundleNames.DB_SQL)).isEqualTo(whole.toByteArray());
    }

    @Test
    @DisplayName("entries carry their time in whole seconds in the tar header: a PAX header only for a long name")
    void plainHeaders() throws Exception {
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        String longName = BundleNames.MEDIA_PREFIX + "b/" + "x".repeat(120) + ".png";
        try (BundleWriter writer = new BundleWriter(archive, Instant.parse("2026-11-26T10:15:30.123456789Z"))) {
            writer.add(BundleNames.METADATA, 2, new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)));
            writer.add(BundleNames.MEDIA_PREFIX + "a/short.png", 3, new ByteArrayInputStream(new byte[3]));
            writer.add(longName, 4, new ByteArrayInputStream(new byte[4]));
        }
        byte[] tar;
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(archive.toByteArray()))) {
            tar = in.readAllBytes();
        }
        // the type flags of the headers, record by record: metadata.json, short.png, then the PAX header of the long
        // name
        List<Character> types = new java.util.ArrayList<>();
        for (int at = 0; at + 512 <= tar.length && tar[at] != 0; ) {
            types.add((char) tar[at + 156]);
            long size = Long.parseLong(new String(tar, at + 124, 11, StandardCharsets.US_ASCII).trim(), 8);
            at += 512 + (int) ((size + 511) / 512 * 512);
        }
        assertThat(types).containsExactly('0', '0', 'x', '0');
        try (var in =
                new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                assertThat(e.getLastModifiedTime().toInstant())
                        .as(e.getName())
                        .isEqualTo(Instant.parse("2026-11-26T10:15:30Z"));
                assertThat(e.getExtraPaxHeaders()).as(e.getName()).isEmpty();
            }
        }
    }

    @Test
    @DisplayName("inserted frames whose plain bytes never follow make the archive fail instead of ending short")
    void announcedBytesMustFollow() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path frames = Files.createTempFile("zstd-frames-test-", ".zst");
        try {
            ZstdFrames zstd = new ZstdFrames(out, BundleWriter.LEVEL, 1);
            zstd.write("header".getBytes(StandardCharsets.UTF_8));
            zstd.insertFrames(List.of(frames), 10);
            zstd.write(new byte[4]);
            assertThatThrownBy(zstd::close).isInstanceOf(IOException.class).hasMessageContaining("6 bytes");
        } finally {
            Files.deleteIfExists(frames);
        }
    }
}
