package dev.meshrooms.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Writing behind, on a thread of its own")
class WriteBehindOutputStreamTest {

    @Test
    @DisplayName("every byte arrives below in order; flush waits for them; close ends without closing below")
    void bytesInOrder() throws Exception {
        Below below = new Below(null);
        Random random = new Random(9);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (WriteBehindOutputStream out = new WriteBehindOutputStream(below, 2, 1_000)) {
            for (int i = 0; i < 2_000; i++) {
                byte[] chunk = new byte[random.nextInt(2_500)];
                random.nextBytes(chunk);
                int off = chunk.length == 0 ? 0 : random.nextInt(chunk.length);
                out.write(chunk, off, chunk.length - off);
                expected.write(chunk, off, chunk.length - off);
                if (i == 1_000) {
                    out.flush();
                    assertThat(below.bytes.toByteArray())
                            .as("all bytes so far, after flush")
                            .isEqualTo(expected.toByteArray());
                    assertThat(below.flushes.get()).isPositive();
                }
            }
            out.write(42);
            expected.write(42);
        }
        assertThat(below.bytes.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(below.closed).isFalse();
    }

    @Test
    @DisplayName("a failure below is thrown by the next write or by close, with its cause, and nothing hangs")
    void failureBelow() throws Exception {
        Below below = new Below(5_000);
        WriteBehindOutputStream out = new WriteBehindOutputStream(below, 2, 1_000);
        byte[] chunk = new byte[700];
        assertThatThrownBy(() -> {
                    for (int i = 0; i < 1_000; i++) {
                        out.write(chunk);
                    }
                })
                .isInstanceOf(IOException.class)
                .hasMessageContaining("disk full");
        assertThatThrownBy(out::close).isInstanceOf(IOException.class).hasMessageContaining("disk full");
        assertThat(below.bytes.size()).isLessThanOrEqualTo(5_000);
    }

    /** A stream below that records what arrives, and fails once {@code failAfter} bytes arrived. */
    private static final class Below extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final AtomicInteger flushes = new AtomicInteger();
        private final Integer failAfter;
        private volatile boolean closed;
        private final AtomicBoolean writing = new AtomicBoolean();

        Below(Integer failAfter) {
            this.failAfter = failAfter;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            assertThat(writing.compareAndSet(false, true))
                    .as("one writer at a time")
                    .isTrue();
            try {
                if (failAfter != null && bytes.size() + len > failAfter) {
                    throw new IOException("No space left on device (disk full)");
                }
                bytes.write(b, off, len);
            } finally {
                writing.set(false);
            }
        }

        @Override
        public void flush() {
            flushes.incrementAndGet();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
