package dev.meshrooms.core.io;

/**
 * Whether bytes are well-formed UTF-8 (RFC 3629): the answer of the JDK's decoder set to report malformed input — no
 * overlong forms, no surrogates, nothing above U+10FFFF, no sequence cut short — without decoding a character. A
 * bundle's db.sql asks it of every row that is not plain ASCII.
 */
public final class Utf8 {
    private Utf8() {}

    /** Whether {@code bytes[from, to)} is well-formed UTF-8. */
    public static boolean isWellFormed(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            int lead = bytes[i];
            if (lead >= 0) {
                i++;
                continue;
            }
            lead &= 0xFF;
            if (lead < 0xC2 || lead > 0xF4) {
                return false; // a continuation byte, a 2-byte overlong lead, or beyond U+10FFFF
            }
            int length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
            if (to - i < length) {
                return false;
            }
            int second = bytes[i + 1] & 0xFF;
            if (!isContinuation(second)
                    || (lead == 0xE0 && second < 0xA0) // overlong 3-byte form
                    || (lead == 0xED && second > 0x9F) // a surrogate, U+D800 to U+DFFF
                    || (lead == 0xF0 && second < 0x90) // overlong 4-byte form
                    || (lead == 0xF4 && second > 0x8F)) { // above U+10FFFF
                return false;
            }
            for (int k = 2; k < length; k++) {
                if (!isContinuation(bytes[i + k] & 0xFF)) {
                    return false;
                }
            }
            i += length;
        }
        return true;
    }

    private static boolean isContinuation(int b) {
        return (b & 0xC0) == 0x80;
    }
}
