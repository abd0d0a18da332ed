package dev.meshrooms.core.media.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshrooms.core.error.ErrorCode;
import dev.meshrooms.core.error.MeshException;
import dev.meshrooms.core.testing.TestS3;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Reading and writing the embedded store's objects as files, in this process")
class LocalFilesMediaStoreTest {
    private static final String BUCKET = "mesh-local-files-test";
    private static S3MediaStore api;
    private static LocalFilesMediaStore store;

    @BeforeAll
    static void start() {
        api = new S3MediaStore(TestS3.settings());
        store = new LocalFilesMediaStore(api, TestS3.objects());
        store.ensureBucket(BUCKET);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    @DisplayName(
            "an object written through the S3 API is the file <folder>/<bucket>/<key> (s3proxy's layout), and reads back equal")
    void layout() throws IOException {
        String key = UUID.randomUUID() + "/" + UUID.randomUUID();
        byte[] bytes = ("picture " + key).getBytes(StandardCharsets.UTF_8);
        api.put(BUCKET, key, new ByteArrayInputStream(bytes), bytes.length, "image/png");

        assertThat(Files.readAllBytes(TestS3.objects().resolve(BUCKET).resolve(key)))
                .isEqualTo(bytes);
        assertThat(read(store.open(BUCKET, key))).isEqualTo(bytes);
    }

    @Test
    @DisplayName(
            "an object written here is what the S3 server serves: same bytes, content type and ETag (MD5) over HTTP")
    void writesAsTheServerWould() throws Exception {
        String key = "room/" + UUID.randomUUID() + ".png";
        byte[] bytes = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(7).nextBytes(bytes);
        store.put(BUCKET, key, new ByteArrayInputStream(bytes), bytes.length, "image/png");

        assertThat(Files.readAllBytes(TestS3.objects().resolve(BUCKET).resolve(key)))
                .isEqualTo(bytes);
        assertThat(api.exists(BUCKET, key)).isTrue();
        assertThat(api.list(BUCKET, "room/")).contains(key);
        java.net.http.HttpResponse<byte[]> served = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        api.presignedGet(BUCKET, key, java.time.Duration.ofMinutes(1)))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(bytes);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("image/png");
        String md5 = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("MD5").digest(bytes));
        assertThat(served.headers().firstValue("ETag").orElseThrow()).isEqualTo("\"" + md5 + "\"");
        api.delete(BUCKET, key);
        assertThat(Files.exists(TestS3.objects().resolve(BUCKET).resolve(key))).isFalse();
    }

    @Test
    @DisplayName("a write whose stream fails keeps the stream's error and leaves no object and no temporary file")
    void failedWriteLeavesNothing() throws IOException {
        String prefix = "failing-" + UUID.randomUUID();
        String key = prefix + "/object.bin";
        InputStream failing =
                new java.io.SequenceInputStream(new ByteArrayInputStream(new byte[100_000]), new InputStream() {
                    @Override
                    public int read() {
                        throw new MeshException(
                                ErrorCode.BUNDLE_INVALID, "media/object.bin: SHA-256 does not match metadata.json");
                    }
                });
        assertThatThrownBy(() -> store.put(BUCKET, key, failing, 200_000, "application/octet-stream"))
                .isInstanceOfSatisfying(
                        MeshException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BUNDLE_INVALID))
                .hasMessageContaining("SHA-256 does not match");
        assertThat(api.exists(BUCKET, key)).isFalse();
        assertThat(api.list(BUCKET, prefix)).isEmpty();
        Path bucket = TestS3.objects().resolve(BUCKET);
        try (var files = Files.walk(bucket)) {
            assertThat(files.filter(Files::isRegularFile)
                            .map(bucket::relativize)
                            .map(Path::toString)
                            .filter(name -> name.contains(prefix) || name.contains("object.bin")))
                    .isEmpty();
        }
    }

    @Test
    @DisplayName("reads come from the file when there is one (here a file the API does not know)")
    void readsTheFile() throws IOException {
        String key = "only-a-file-" + UUID.randomUUID();
        Path file = Files.createDirectories(TestS3.objects().resolve(BUCKET)).resolve(key);
        Files.writeString(file, "from the file");
        try {
            assertThat(new String(read(store.open(BUCKET, key)), StandardCharsets.UTF_8))
                    .isEqualTo("from the file");
            assertThat(api.exists(BUCKET, key))
                    .as("s3proxy lists its files too")
                    .isTrue();
        } finally {
            Files.delete(file);
        }
    }

    @Test
    @DisplayName("a missing object gets the API's answer: MEDIA_NOT_FOUND")
    void missing() {
        assertThatThrownBy(() -> store.open(BUCKET, "nothing-here-" + UUID.randomUUID()))
                .isInstanceOf(MeshException.class)
                .satisfies(e -> assertThat(((MeshException) e).code()).isEqualTo(ErrorCode.MEDIA_NOT_FOUND));
    }

    @Test
    @DisplayName("keys and buckets that could name a file outside the bucket's folder never become a path")
    void noEscape() throws IOException {
        Path secret = Files.writeString(TestS3.objects().resolve("secret.txt"), "not an object");
        try {
            for (String key : new String[] {
                "../secret.txt",
                "a/../../secret.txt",
                "/secret.txt",
                "a//b",
                "./x",
                "x/",
                "..\\secret.txt",
                "a/\0b",
                "",
                "..",
                ".",
                "a/..",
                "a/.",
                "/",
                "a/b/"
            }) {
                assertThat(store.fileOf(BUCKET, key)).as(key).isNull();
            }
            // after a good bucket, another one is checked again
            assertThat(store.fileOf("..", "secret.txt")).isNull();
            assertThat(store.fileOf("Mesh_Bucket", "k")).isNull();
            assertThat(store.fileOf(BUCKET, "room/key-1"))
                    .isEqualTo(TestS3.objects()
                            .toAbsolutePath()
                            .normalize()
                            .resolve(BUCKET)
                            .resolve("room")
                            .resolve("key-1"));
            for (String key :
                    new String[] {"...", ".hidden/x", "a/..b", "a/b.", "x"}) { // dots inside a name are a name
                assertThat(store.fileOf(BUCKET, key))
                        .as(key)
                        .isEqualTo(TestS3.objects()
                                .toAbsolutePath()
                                .normalize()
                                .resolve(BUCKET)
                                .resolve(key));
            }
            assertThatThrownBy(() -> store.open(BUCKET, "../secret.txt")).isInstanceOf(MeshException.class);
        } finally {
            Files.delete(secret);
        }
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }
}
