package dev.meshrooms.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("UTF-8 check: the JDK decoder's answer, without decoding")
class Utf8Test {
    @Test
    @DisplayName("every sequence of up to three bytes that starts with a non-ASCII byte")
    void everyShortSequence() {
        int accepted = 0;
        byte[] bytes = new byte[3];
        for (int first = 0x80; first <= 0xFF; first++) {
            bytes[0] = (byte) first;
            assertSameAnswer(bytes, 1);
            for (int second = 0; second <= 0xFF; second++) {
                bytes[1] = (byte) second;
                assertSameAnswer(bytes, 2);
                for (int third = 0; third <= 0xFF; third++) {
                    bytes[2] = (byte) third;
                    accepted += assertSameAnswer(bytes, 3) ? 1 : 0;
                }
            }
        }
        // 2-byte characters then any ASCII byte, and the 3-byte characters that are neither overlong nor surrogates
        assertThat(accepted).isEqualTo(1920 * 128 + (0x10000 - 0x800 - 0x800));
    }

    @Test
    @DisplayName("four-byte sequences around U+10000 and U+10FFFF, and random text with faults")
    void fourBytesAndRandomText() {
        SplittableRandom random = new SplittableRandom(8);
        int[] leads = {0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF7};
        int[] seconds = {0x7F, 0x80, 0x8F, 0x90, 0xBF, 0xC0};
        byte[] bytes = new byte[4];
        for (int lead : leads) {
            for (int second : seconds) {
                for (int third : seconds) {
                    for (int fourth : seconds) {
                        bytes[0] = (byte) lead;
                        bytes[1] = (byte) second;
                        bytes[2] = (byte) third;
                        bytes[3] = (byte) fourth;
                        assertSameAnswer(bytes, 4);
                    }
                }
            }
        }
        int accepted = 0;
        for (int i = 0; i < 50_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int c = random.nextInt(12); c > 0; c--) {
                text.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x80) : random.nextInt(0x110000));
            }
            byte[] encoded = text.toString().getBytes(StandardCharsets.UTF_8);
            if (encoded.length > 0 && random.nextBoolean()) {
                encoded[random.nextInt(encoded.length)] = (byte) random.nextInt(256); // one byte changed
            }
            accepted += assertSameAnswer(encoded, encoded.length) ? 1 : 0;
        }
        assertThat(accepted).isBetween(25_000, 49_000);
    }

    @Test
    @DisplayName("only the given range is read")
    void range() {
        byte[] bytes = {(byte) 0xFF, 'a', (byte) 0xC3, (byte) 0xA9, (byte) 0xC3};
        assertThat(Utf8.isWellFormed(bytes, 1, 4)).isTrue();
        assertThat(Utf8.isWellFormed(bytes, 1, 5)).isFalse(); // cut short at the end
        assertThat(Utf8.isWellFormed(bytes, 0, 2)).isFalse();
    }

    private static final CharsetDecoder JDK = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    /** Room for every input here (at most 48 bytes): a full buffer would be OVERFLOW, not an error. */
    private static final CharBuffer CHARS = CharBuffer.allocate(64);

    /** Asserts that {@link Utf8} and the JDK's decoder agree on the first {@code length} bytes; returns the answer. */
    private static boolean assertSameAnswer(byte[] bytes, int length) {
        assertThat(length).isLessThanOrEqualTo(CHARS.capacity());
        JDK.reset();
        CHARS.clear();
        // results, not exceptions: millions of malformed inputs
        boolean jdk =
                !JDK.decode(ByteBuffer.wrap(bytes, 0, length), CHARS, true).isError()
                        && !JDK.flush(CHARS).isError();
        if (Utf8.isWellFormed(bytes, 0, length) != jdk) { // not AssertJ here: millions of calls
            throw new AssertionError(java.util.HexFormat.ofDelimiter(" ").formatHex(bytes, 0, length)
                    + ": the JDK says " + (jdk ? "well-formed" : "malformed"));
        }
        return jdk;
    }
}
