package dev.meshrooms.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Hashing an upload the S3 client may replay")
class RewindableDigestInputStreamTest {

    @Test
    @DisplayName("a read broken off, reset and read again (an SDK retry) hashes the bytes once")
    void retryHashesOnce() throws Exception {
        byte[] bytes = new byte[100_000];
        new Random(7).nextBytes(bytes);
        RewindableDigestInputStream in =
                new RewindableDigestInputStream(new ByteArrayInputStream(bytes), MessageDigest.getInstance("SHA-256"));
        assertThat(in.markSupported()).isTrue();
        in.mark(bytes.length + 1);
        assertThat(in.readNBytes(30_000)).hasSize(30_000); // the first attempt, dropped
        in.reset();
        assertThat(in.readAllBytes()).isEqualTo(bytes); // the retry

        assertThat(in.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    @DisplayName("skipped bytes are hashed too")
    void skipHashes() throws Exception {
        byte[] bytes = "0123456789".repeat(3000).getBytes();
        RewindableDigestInputStream in =
                new RewindableDigestInputStream(new ByteArrayInputStream(bytes), MessageDigest.getInstance("SHA-256"));
        assertThat(in.skip(12_345)).isEqualTo(12_345);
        in.readAllBytes();
        assertThat(in.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
